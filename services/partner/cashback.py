"""PA11 cashback, event by event: billing's invoices as InvoiceFact rows, the cashback accrued
when an invoice is paid and reversed by its credit notes (CashbackEntry rows), and the
statements billing credited. Rules and arithmetic: cashback_rules.py; the monthly statements:
cashback_runs.py. docs/partner.md, "Cashback (PA11)".

Which partner earns on a line is decided when the invoice is ISSUED (the links active then) and
kept in the fact's line (`line["cashback"]`); whether it earns is decided when it is PAID (the
partner's benefits then). An entry goes to the month it was paid or credited, or, when that
month's statement is issued already (a late event), to the month after the partner's latest
statement, so nothing is ever left out of a statement. The partner's Standing row is locked
while an entry is written and while the run issues, which orders the two.
"""
from datetime import timezone

from services.common import exchange, pricing
from services.common.db import for_update
from services.common.money import Money
from services.common.pricing import CATALOGUE_PRICED

from . import cashback_rules as rules, ratecard
from .benefits import benefits_of
from .models import CashbackEntry, CashbackStatement, InvoiceFact, Link, Standing, db, outbox

_settings = {}


class NotYetKnown(RuntimeError):
    """An event about an invoice whose billing.invoice.issued has not arrived: retried later."""


def configure(config, card=None):
    """The exchange rates, rate card (the one app.load_ratecard checked at start, else loaded
    here: a test or the operator CLI) and failpoints."""
    _settings.update(config=config, rates=config["EXCHANGE_RATES"],
                     card=card or ratecard.load(config.get("RATECARD_FILE") or ratecard.PACKAGED))


def settings():
    if not _settings:  # the operator CLI: from the environment the first time it is needed
        from .app import make_config
        configure(make_config())
    return _settings


def naive(instant):
    return instant.astimezone(timezone.utc).replace(tzinfo=None) if instant.tzinfo else instant


def record_invoice(data, raw):
    """billing.invoice.issued: the fact, with each line's earning partner decided now."""
    issued_at = naive(data["issued_at"])
    lines = [dict(line, cashback=_earner(line, raw.get("ordered_by"), issued_at)) for line in raw["lines"]]
    clients = sorted({line["product_organization_id"] for line in lines if line.get("product_organization_id")})
    with db.atomic():
        InvoiceFact.insert(invoice_id=data["invoice_id"], organization_id=data["organization_id"],
                           number=data["number"], currency=data["currency"], total_minor=data["total_minor"],
                           issued_at=issued_at, due_on=data["due_on"], ordered_by=raw.get("ordered_by"),
                           lines=lines, client_organization_ids=clients).on_conflict_ignore().execute()


def _earner(line, ordered_by, issued_at):
    """{partner_organization_id, link_id, condition} of the link under which the line earns, or None."""
    # An order's line has no product yet (billing starts it when the order is paid), only the
    # organization it will live in: a full-scope link covers it, a limited one cannot list it.
    if not line.get("product_organization_id") or (not line.get("product_id") and line["kind"] not in rules.ORDER_KINDS):
        return None
    active_then = (Link.approved_at <= issued_at) & (
        (Link.status == "active") | (Link.status.in_(("stopped", "ended")) & (Link.closed_at > issued_at)))
    for link in Link.select().where((Link.client_organization_id == line["product_organization_id"])
                                    & active_then).order_by(Link.approved_at, Link.id):
        state = {"scope": link.scope, "products": link.products, "payer": link.payer}
        if rules.covers(state, line["product_id"]):
            condition = rules.condition(state, line["kind"], ordered_by)
            return condition and {"partner_organization_id": str(link.partner_organization_id),
                                  "link_id": str(link.id), "condition": condition}
    return None


def invoice_paid(invoice_id, paid_at):
    """billing.invoice.paid: accrue each earning line's cashback in the month paid, once."""
    paid_at = naive(paid_at)
    with db.atomic():
        fact = _locked(invoice_id)
        if fact.paid_at is not None:
            return 0
        InvoiceFact.update(paid_at=paid_at).where(InvoiceFact.invoice_id == fact.invoice_id).execute()
        accrued = 0
        for line in fact.lines:
            if line.get("cashback") and _accrue(fact, line, paid_at):
                accrued += 1
                for credit in line.get("credits", []):  # credited before it was paid
                    _reverse(fact, line, credit, paid_at)
        return accrued


def credit_note_issued(invoice_id, credit_note_id, credited_lines, at):
    """billing.credit_note.issued: take back the credited share of each accrued line's cashback."""
    at = naive(at)
    with db.atomic():
        fact = _locked(invoice_id)
        lines, reversing = list(fact.lines), []
        for credited in credited_lines:
            line = next((one for one in lines if one["line_id"] == str(credited["invoice_line_id"])), None)
            if line is None or any(c["credit_note_id"] == str(credit_note_id) for c in line.get("credits", [])):
                continue
            credit = {"credit_note_id": str(credit_note_id), "net_minor": abs(credited["net_minor"])}
            line["credits"] = [*line.get("credits", []), credit]
            reversing.append((line, credit))
        InvoiceFact.update(lines=lines).where(InvoiceFact.invoice_id == fact.invoice_id).execute()
        if fact.paid_at is not None:
            for line, credit in reversing:
                _reverse(fact, line, credit, at)


def _locked(invoice_id):
    fact = for_update(InvoiceFact.select().where(InvoiceFact.invoice_id == invoice_id)).first()
    if fact is None:
        raise NotYetKnown(f"invoice {invoice_id}: billing.invoice.issued not applied yet")
    return fact


def _accrue(fact, line, paid_at):
    earner = line["cashback"]
    partner_id = earner["partner_organization_id"]
    standing = _lock_standing(partner_id)
    benefits = benefits_of(partner_id, settings()["card"])
    if standing is None or benefits is None or not benefits.active:
        return False
    rate = benefits.rate(line.get("family"))
    catalogue = line.get("catalogue_partner_minor") if line.get("family") in CATALOGUE_PRICED else None
    if rate is None and catalogue is None:
        return False
    public = rules.public_of(line, fact.currency)
    partner, earned = rules.earned(public, rate, None if catalogue is None else Money(catalogue, fact.currency))
    if earned.minor == 0:
        return False
    amount, conversion = in_currency(earned, standing.currency)
    CashbackEntry.insert(
        partner_organization_id=partner_id, client_organization_id=line["product_organization_id"],
        link_id=earner["link_id"], invoice_id=fact.invoice_id, invoice_line_id=line["line_id"],
        month=_month(partner_id, paid_at), family=line.get("family"), condition=earner["condition"],
        currency=amount.currency, public_minor=public.minor, partner_minor=partner.minor, amount_minor=amount.minor,
        rate=None if rate is None else ratecard.percent_text(rate), ratecard_version=settings()["card"].version,
        conversion=conversion).on_conflict_ignore().execute()
    return True


def _reverse(fact, line, credit, at):
    entries = list(CashbackEntry.select().where(CashbackEntry.invoice_line_id == line["line_id"]))
    accrual = next((e for e in entries if e.credit_note_id is None), None)
    if accrual is None or any(str(e.credit_note_id) == credit["credit_note_id"] for e in entries):
        return
    _lock_standing(accrual.partner_organization_id)
    earlier = line["credits"][:line["credits"].index(credit)]
    currency = fact.currency
    amount = rules.reversal(accrual.amount, -Money.sum([e.amount for e in entries if e.credit_note_id], accrual.currency),
                            Money(sum(c["net_minor"] for c in earlier), currency), Money(credit["net_minor"], currency),
                            Money(line["net_minor"], currency))
    if amount.minor == 0:
        return
    CashbackEntry.insert(
        partner_organization_id=accrual.partner_organization_id, client_organization_id=accrual.client_organization_id,
        link_id=accrual.link_id, invoice_id=fact.invoice_id, invoice_line_id=accrual.invoice_line_id,
        credit_note_id=credit["credit_note_id"], month=_month(accrual.partner_organization_id, at),
        family=accrual.family, condition=accrual.condition, currency=accrual.currency,
        public_minor=0, partner_minor=0, amount_minor=amount.minor, rate=accrual.rate,
        ratecard_version=accrual.ratecard_version, conversion=accrual.conversion).on_conflict_ignore().execute()


def _lock_standing(partner_id):
    return for_update(Standing.select().where(Standing.partner_organization_id == partner_id)).first()


def in_currency(amount, currency):
    if amount.currency == currency:
        return amount, None
    rate = exchange.rate_for(settings()["rates"], amount.currency, currency)
    conversion = exchange.convert(amount, rate, rounding=pricing.ROUNDING)
    return conversion.converted, conversion.record()


def _month(partner_id, at):
    """The month an entry made at `at` goes to: its own, unless its statement is issued already."""
    month = at.strftime("%Y-%m")
    latest = CashbackStatement.select(CashbackStatement.month).where(
        CashbackStatement.partner_organization_id == partner_id).order_by(CashbackStatement.month.desc()).first()
    return month if latest is None or latest.month < month else next_month(latest.month)


def next_month(month):
    year, number = int(month[:4]), int(month[5:])
    return f"{year + number // 12}-{number % 12 + 1:02}"


def statement_credited(statement_id, entry_id, at):
    """billing.prepaid.credited of kind cashback: the statement is credited, announced once."""
    with db.atomic():
        statement = CashbackStatement.get_or_none(CashbackStatement.id == statement_id)
        if statement is None:
            return False
        marked = CashbackStatement.update(status="credited", credited_at=naive(at), prepaid_entry_id=entry_id).where(
            (CashbackStatement.id == statement_id) & (CashbackStatement.status == "issued")).execute()
        if marked:
            outbox.emit("partner.cashback.credited", {
                "statement_id": statement.id, "partner_organization_id": statement.partner_organization_id,
                "month": statement.month, "currency": statement.currency, "amount_minor": statement.amount_minor,
                "prepaid_entry_id": entry_id})
        return bool(marked)
