"""Invoices (BI5, BI14): drafts, issuing with a gap-free number, and the facts events carry.

A draft (shown before payment as the pro-forma) has lines and totals but no number. Issuing
takes the next number of the series and year inside the issuing transaction: the sequence
row stays locked until that transaction ends, so concurrent issuers queue on it and a rolled
back issue gives its number back. Callers run these inside their own `db.atomic()`, and
issue last in it: the sequence stays locked until that transaction commits.

Lock order, so that issuers, payers and crediters never deadlock: the invoice row first
(`locked`), then the number sequence.
"""
import uuid
from datetime import timedelta

from services.common import clock
from services.common.db import Prepared, insert_row, is_postgres
from services.common.errors import Conflict
from services.common.money import Money

from . import domain
from .models import Invoice, InvoiceLine, NumberSequence, Order, db, outbox

INVOICE_SERIES = "INV"
CREDIT_NOTE_SERIES = "CN"


def create_draft(organization_id, currency, lines, vat_rates, country="CH", buyer=None, order_id=None):
    """A draft invoice for `organization_id` (the organization invoiced) with `lines`: dicts of
    kind, description, unit_price (Money), quantity, vat_category and optionally discount
    (Money), product_id, order_item_id, product_type, period_start, period_end, and PA11's
    partner_discount (the part of discount that is the partner's) and catalogue_partner (Money)."""
    computed = []
    for line in lines:
        rate = domain.vat_rate(vat_rates, country, line["vat_category"])
        net, vat = domain.line_amounts(line["unit_price"], line.get("quantity", 1), rate, line.get("discount"))
        computed.append((line, rate, net, vat))
    net, vat, total = domain.totals([(n, v) for _l, _r, n, v in computed], currency)
    # insert_row: issuing is a hot path (renewal runs, bench/README.md "Invoices").
    values = dict(id=uuid.uuid4(), organization_id=organization_id, currency=currency, country=country, buyer=buyer,
                  order_id=order_id, net_minor=net.minor, vat_minor=vat.minor, total_minor=total.minor,
                  created_at=clock.utcnow())
    insert_row(Invoice, **values)
    for position, (line, rate, line_net, line_vat) in enumerate(computed, 1):
        insert_row(InvoiceLine, id=uuid.uuid4(), invoice=values["id"], position=position, kind=line["kind"],
                   description=line["description"], product_id=line.get("product_id"),
                   order_item_id=line.get("order_item_id"), product_type=line.get("product_type"),
                   period_start=line.get("period_start"), period_end=line.get("period_end"),
                   quantity=line.get("quantity", 1), unit_price_minor=line["unit_price"].minor,
                   discount_minor=(line.get("discount") or Money.zero(currency)).minor, net_minor=line_net.minor,
                   vat_category=line["vat_category"], vat_rate=format(rate, "f"), vat_minor=line_vat.minor,
                   **_partner_facts(line))
    return Invoice(**values)


def _partner_facts(line):
    """PA11: the line's public price before any reduction, its partner discount and catalogue
    partner price, in minor units (models.InvoiceLine)."""
    catalogue_partner = line.get("catalogue_partner")
    return {"public_minor": line["unit_price"].times(line.get("quantity", 1), rounding=domain.ROUNDING).minor,
            "partner_discount_minor": (line.get("partner_discount") or Money.zero(line["unit_price"].currency)).minor,
            "catalogue_partner_minor": catalogue_partner.minor if catalogue_partner is not None else None}


def next_number(series, year):
    """The next number of `series` in `year`, held by this transaction until it ends (BI5)."""
    return take_number(NumberSequence, NumberSequence.series, series, year)


def take_number(sequence, key_field, key, year):
    """The next number of the `sequence` table's row (`key_field` = `key`, `year`), held by this
    transaction until it ends: BI5's series, and PX5's per partner (rebilling_models)."""
    if not db.in_transaction():
        raise RuntimeError("a number is taken inside the transaction that uses it")
    # UPDATE ... RETURNING: the row lock (PostgreSQL) or the write lock (SQLite, BEGIN
    # IMMEDIATE) is held until commit, so the next issuer waits and sees this number.
    sql = (f"UPDATE {sequence._meta.table_name} SET last_number = last_number + 1 "
           f"WHERE {key_field.column_name} = %s AND year = %s RETURNING last_number").replace("%s", db.obj.param)
    params = (key_field.db_value(key), year)
    row = db.execute_sql(sql, params).fetchone()
    if row is None:  # the series' first number this year
        sequence.insert(**{key_field.name: key, "year": year, "last_number": 0}).on_conflict_ignore().execute()
        row = db.execute_sql(sql, params).fetchone()
    return row[0]


def locked(model, *conditions):
    """The row matching `conditions`, locked until the transaction ends (PostgreSQL: FOR UPDATE;
    SQLite: the transaction holds the database's write lock from its start), or None."""
    return _for_update(model.select().where(*conditions)).get_or_none()


def _for_update(query):
    return query.for_update() if is_postgres(db.obj) else query


# Issuing is a hot path (renewal runs): its reads are Prepared, its one UPDATE written out.
_DRAFT_LOCKED = Prepared(lambda invoice_id, status: _for_update(
    Invoice.select(Invoice.id).where((Invoice.id == invoice_id) & (Invoice.status == status))), Invoice.id, Invoice.status)
_LINE_FACTS = Prepared(lambda invoice_id: InvoiceLine.select(
    InvoiceLine.id, InvoiceLine.kind, InvoiceLine.product_id, InvoiceLine.product_type, InvoiceLine.period_start,
    InvoiceLine.period_end, InvoiceLine.net_minor, InvoiceLine.vat_minor, InvoiceLine.public_minor,
    InvoiceLine.discount_minor, InvoiceLine.partner_discount_minor, InvoiceLine.catalogue_partner_minor)
    .where(InvoiceLine.invoice == invoice_id).order_by(InvoiceLine.position), InvoiceLine.invoice)
_ISSUED = ("UPDATE invoice SET status = 'issued', number = {p}, year = {p}, issued_at = {p}, due_on = {p}, "
           "qr_reference = {p} WHERE id = {p}")


def issue(invoice, ordered_by=None, families=None, product_organizations=None):
    """Give the draft `invoice` its number, dates and due date, and emit billing.invoice.issued.
    `families` and `product_organizations` ({product_id: ...}) complete the lines' facts."""
    if invoice.status != "draft" or not _DRAFT_LOCKED(db, invoice.id, "draft"):
        raise Conflict("Only a draft invoice can be issued.")
    # What the event says of the lines is read before the number is taken: from then on every
    # other issuer waits for this transaction, which should do as little as it can.
    families, product_organizations = families or {}, product_organizations or {}
    # An order's products start when it is paid (settlement.py): its lines have no product yet,
    # but they will live in the ordering organization, which the partner programme needs (PA11).
    # PA15: the affiliate code the order came with goes with the event too.
    ordering, referral_code = (Order.select(Order.organization_id, Order.referral_code).where(
        Order.id == invoice.order_id).tuples().first() if invoice.order_id is not None else None) or (None, None)
    line_facts = [{"line_id": line.pop("id"), **line, "family": families.get(line["product_type"]),
                   "product_organization_id": product_organizations.get(line["product_id"]) or (
                       ordering if line["product_id"] is None and line["kind"] == "order" else None)}
                  for line in _LINE_FACTS(db, invoice.id)]
    now = clock.utcnow()
    year = now.year
    sequence = next_number(INVOICE_SERIES, year)
    number = domain.invoice_number(INVOICE_SERIES, year, sequence)
    # CHF invoices carry a Swiss QR-bill; its reference is what a bank transfer comes back with.
    qr_reference = domain.qr_reference(year, sequence) if invoice.currency == "CHF" else None
    due_on = now.date() + timedelta(days=domain.PAYMENT_TERMS_DAYS)
    db.execute_sql(_ISSUED.format(p=db.obj.param), (number, year, Invoice.issued_at.db_value(now),
                                                    Invoice.due_on.db_value(due_on), qr_reference,
                                                    Invoice.id.db_value(invoice.id)))
    invoice.status, invoice.number, invoice.year, invoice.issued_at, invoice.due_on, invoice.qr_reference = (
        "issued", number, year, now, due_on, qr_reference)
    outbox.emit("billing.invoice.issued", {
        "invoice_id": invoice.id, "organization_id": invoice.organization_id, "number": number,
        "currency": invoice.currency, "net_minor": invoice.net_minor, "vat_minor": invoice.vat_minor,
        "total_minor": invoice.total_minor, "issued_at": clock.now(), "due_on": due_on,
        "order_id": invoice.order_id, "ordered_by": ordered_by or {}, "lines": line_facts,
        "referral_code": referral_code})
    return invoice
