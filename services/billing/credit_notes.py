"""Credit notes (BI5, BI14): the only correction of an issued invoice.

A credit note credits some of the net of some lines of one issued (or paid) invoice, never
more than remains of each line, so never more than remains of the invoice; each credited
line's VAT is what `domain.credited_vat` says, so credits for every line add up exactly to
the invoice's total. Credit notes are numbered in their own series (CN) and year, and, like
invoices, the database refuses any change to them once written (immutability.py).
"""
from services.common import clock
from services.common.errors import NotFound, RuleViolation
from services.common.money import Money

from . import domain, invoicing
from .models import CreditNote, CreditNoteLine, Invoice, InvoiceLine, db, outbox

CREDITABLE_STATUSES = ("issued", "paid")


def issue_credit_note(invoice_id, lines, reason):
    """Credit `lines` ([{"invoice_line_id", "amount": Money net}]) of an issued invoice; one
    transaction that numbers the credit note, adds it to the invoice's `credited_minor` and
    emits billing.credit_note.issued."""
    with db.atomic():
        invoice = invoicing.locked(Invoice, Invoice.id == invoice_id)  # one crediter at a time
        if invoice is None:
            raise NotFound("No such invoice.")
        if invoice.status not in CREDITABLE_STATUSES:
            raise RuleViolation("BI5", f"Only an issued invoice can be credited; this one is {invoice.status}.")
        credits = _credits(invoice, lines)
        net, vat, total = domain.totals([(n, v) for _line, n, v in credits], invoice.currency)
        if total.minor <= 0:
            raise RuleViolation("BI5", "A credit note credits a positive amount.")
        if invoice.credited_minor + total.minor > invoice.total_minor:
            left = Money(invoice.total_minor - invoice.credited_minor, invoice.currency)
            raise RuleViolation("BI5", f"At most {left} of invoice {invoice.number} remains to credit.")
        year = clock.utcnow().year
        number = domain.invoice_number(invoicing.CREDIT_NOTE_SERIES, year,
                                       invoicing.next_number(invoicing.CREDIT_NOTE_SERIES, year))
        note = CreditNote.create(invoice=invoice, organization_id=invoice.organization_id, number=number, year=year,
                                 currency=invoice.currency, net_minor=net.minor, vat_minor=vat.minor,
                                 total_minor=total.minor, reason=reason, issued_at=clock.utcnow())
        for line, line_net, line_vat in credits:
            CreditNoteLine.create(credit_note=note, invoice_line=line, net_minor=line_net.minor,
                                  vat_minor=line_vat.minor)
        Invoice.update(credited_minor=Invoice.credited_minor + total.minor).where(Invoice.id == invoice.id).execute()
        outbox.emit("billing.credit_note.issued", {
            "credit_note_id": note.id, "invoice_id": invoice.id, "organization_id": invoice.organization_id,
            "number": number, "currency": invoice.currency, "net_minor": net.minor, "vat_minor": vat.minor,
            "total_minor": total.minor,
            "lines": [{"invoice_line_id": line.id, "product_id": line.product_id, "net_minor": line_net.minor,
                       "vat_minor": line_vat.minor} for line, line_net, line_vat in credits]})
    return note


def remaining(invoice):
    """[(line, net not yet credited)] for each line of `invoice`, in order: what a full credit asks."""
    credited = credited_per_line(invoice)
    return [(line, Money(line.net_minor, invoice.currency) - credited.get(line.id, (_zero(invoice),) * 2)[0])
            for line in invoice.lines.order_by(InvoiceLine.position)]


def credited_per_line(invoice):
    """{invoice line id: (net credited, VAT credited)} over the invoice's credit notes."""
    rows = (CreditNoteLine.select(CreditNoteLine.invoice_line, CreditNoteLine.net_minor, CreditNoteLine.vat_minor)
            .join(CreditNote).where(CreditNote.invoice == invoice.id))
    credited = {}
    for row in rows:
        net, vat = credited.get(row.invoice_line_id, (_zero(invoice), _zero(invoice)))
        credited[row.invoice_line_id] = (net + Money(row.net_minor, invoice.currency),
                                         vat + Money(row.vat_minor, invoice.currency))
    return credited


def _credits(invoice, asked):
    """[(line, net, VAT)] of the asked credits, each checked against what remains (BI5)."""
    lines = {line.id: line for line in invoice.lines}
    credited = credited_per_line(invoice)
    credits = []
    for item in asked:
        line = lines.get(item["invoice_line_id"])
        if line is None:
            raise RuleViolation("BI5", f"{item['invoice_line_id']} is not a line of invoice {invoice.number}.")
        amount = item["amount"]
        if amount.currency != invoice.currency:
            raise RuleViolation("BI14", f"Invoice {invoice.number} is in {invoice.currency}, not {amount.currency}.")
        line_net, line_vat = Money(line.net_minor, invoice.currency), Money(line.vat_minor, invoice.currency)
        net_before, vat_before = credited.get(line.id, (_zero(invoice), _zero(invoice)))
        if not domain.creditable(line_net, net_before, amount):
            raise RuleViolation("BI5", f"Line {line.position} of invoice {invoice.number}: {amount} cannot be "
                                       f"credited; {line_net - net_before} of its net remains.")
        vat = domain.credited_vat(line_net, line_vat, net_before, vat_before, amount)
        credits.append((line, amount, vat))
        credited[line.id] = (net_before + amount, vat_before + vat)  # a line named twice counts twice
    if not credits:
        raise RuleViolation("BI5", "A credit note credits at least one line.")
    return credits


def _zero(invoice):
    return Money.zero(invoice.currency)
