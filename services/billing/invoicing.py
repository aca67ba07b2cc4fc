"""Invoices (BI5, BI14): drafts, issuing with a gap-free number, and the facts events carry.

A draft (shown before payment as the pro-forma) has lines and totals but no number. Issuing
takes the next number of the series and year inside the issuing transaction: the sequence
row stays locked until that transaction ends, so concurrent issuers queue on it and a rolled
back issue gives its number back. Callers run these inside their own `db.atomic()`, and
issue last in it: the sequence stays locked until that transaction commits.

Lock order, so that issuers, payers and crediters never deadlock: the invoice row first
(`locked`), then the number sequence.
"""
from datetime import timedelta

from services.common import clock
from services.common.db import is_postgres
from services.common.errors import Conflict
from services.common.money import Money

from . import domain
from .models import Invoice, InvoiceLine, NumberSequence, db, outbox

INVOICE_SERIES = "INV"
CREDIT_NOTE_SERIES = "CN"


def create_draft(organization_id, currency, lines, vat_rates, country="CH", buyer=None, order_id=None):
    """A draft invoice for `organization_id` (the organization invoiced) with `lines`: dicts of
    kind, description, unit_price (Money), quantity, vat_category and optionally discount
    (Money), product_id, order_item_id, product_type, period_start, period_end."""
    computed = []
    for line in lines:
        rate = domain.vat_rate(vat_rates, country, line["vat_category"])
        net, vat = domain.line_amounts(line["unit_price"], line.get("quantity", 1), rate, line.get("discount"))
        computed.append((line, rate, net, vat))
    net, vat, total = domain.totals([(n, v) for _l, _r, n, v in computed], currency)
    invoice = Invoice.create(organization_id=organization_id, currency=currency, country=country, buyer=buyer,
                             order_id=order_id, net_minor=net.minor, vat_minor=vat.minor, total_minor=total.minor)
    for position, (line, rate, line_net, line_vat) in enumerate(computed, 1):
        InvoiceLine.create(
            invoice=invoice, position=position, kind=line["kind"], description=line["description"],
            product_id=line.get("product_id"), order_item_id=line.get("order_item_id"),
            product_type=line.get("product_type"), period_start=line.get("period_start"),
            period_end=line.get("period_end"), quantity=line.get("quantity", 1),
            unit_price_minor=line["unit_price"].minor,
            discount_minor=(line.get("discount") or Money.zero(currency)).minor,
            net_minor=line_net.minor, vat_category=line["vat_category"], vat_rate=format(rate, "f"),
            vat_minor=line_vat.minor)
    return invoice


def next_number(series, year):
    """The next number of `series` in `year`, held by this transaction until it ends (BI5)."""
    if not db.in_transaction():
        raise RuntimeError("a number is taken inside the transaction that uses it")
    NumberSequence.insert(series=series, year=year, last_number=0).on_conflict_ignore().execute()
    # UPDATE ... RETURNING: the row lock (PostgreSQL) or the write lock (SQLite, BEGIN
    # IMMEDIATE) is held until commit, so the next issuer waits and sees this number.
    cursor = db.execute_sql(
        "UPDATE number_sequence SET last_number = last_number + 1 WHERE series = %s AND year = %s "
        "RETURNING last_number".replace("%s", db.obj.param), (series, year))
    return cursor.fetchone()[0]


def locked(model, *conditions):
    """The row matching `conditions`, locked until the transaction ends (PostgreSQL: FOR UPDATE;
    SQLite: the transaction holds the database's write lock from its start), or None."""
    query = model.select().where(*conditions)
    return (query.for_update() if is_postgres(db.obj) else query).get_or_none()


def issue(invoice, ordered_by=None, families=None, product_organizations=None):
    """Give the draft `invoice` its number, dates and due date, and emit billing.invoice.issued.
    `families` and `product_organizations` ({product_id: ...}) complete the lines' facts."""
    if invoice.status != "draft" or locked(Invoice, Invoice.id == invoice.id, Invoice.status == "draft") is None:
        raise Conflict("Only a draft invoice can be issued.")
    now = clock.utcnow()
    year = now.year
    sequence = next_number(INVOICE_SERIES, year)
    number = domain.invoice_number(INVOICE_SERIES, year, sequence)
    # CHF invoices carry a Swiss QR-bill; its reference is what a bank transfer comes back with.
    qr_reference = domain.qr_reference(year, sequence) if invoice.currency == "CHF" else None
    due_on = now.date() + timedelta(days=domain.PAYMENT_TERMS_DAYS)
    Invoice.update(status="issued", number=number, year=year, issued_at=now, due_on=due_on,
                   qr_reference=qr_reference).where(Invoice.id == invoice.id).execute()
    invoice.status, invoice.number, invoice.year, invoice.issued_at, invoice.due_on, invoice.qr_reference = (
        "issued", number, year, now, due_on, qr_reference)
    families, product_organizations = families or {}, product_organizations or {}
    outbox.emit("billing.invoice.issued", {
        "invoice_id": invoice.id, "organization_id": invoice.organization_id, "number": number,
        "currency": invoice.currency, "net_minor": invoice.net_minor, "vat_minor": invoice.vat_minor,
        "total_minor": invoice.total_minor, "issued_at": clock.now(), "due_on": due_on,
        "order_id": invoice.order_id, "ordered_by": ordered_by or {},
        "lines": [{"line_id": line.id, "kind": line.kind, "product_id": line.product_id,
                   "product_organization_id": product_organizations.get(line.product_id),
                   "product_type": line.product_type, "family": families.get(line.product_type),
                   "period_start": line.period_start, "period_end": line.period_end,
                   "net_minor": line.net_minor, "vat_minor": line.vat_minor}
                  for line in invoice.lines.order_by(InvoiceLine.position)],
    })
    return invoice
