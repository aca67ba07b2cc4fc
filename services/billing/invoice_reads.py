"""What an organization reads of its invoices and credit notes (BI5, BI14): pages of them, newest
first, and each with its lines, VAT per line and per rate, payments and credit notes. Invoices are
found by `organization_id`, the organization invoiced; another organization's id is not found.
"""
from collections import defaultdict
from decimal import Decimal

from services.common import paging
from services.common.errors import NotFound
from services.common.money import Money

from .models import CreditNote, CreditNoteLine, Invoice, InvoiceLine, Payment

CURSOR = paging.CURSOR  # services/common/paging.py


def invoices_page(organization_id, status=None, cursor=None, limit=50):
    query = Invoice.select().where(Invoice.organization_id == organization_id)
    if status:
        query = query.where(Invoice.status == status)
    return paging.page(query, Invoice.created_at, Invoice.id, cursor, limit)


def credit_notes_page(organization_id, cursor=None, limit=50):
    query = CreditNote.select().where(CreditNote.organization_id == organization_id)
    return paging.page(query, CreditNote.issued_at, CreditNote.id, cursor, limit)


def invoice_of(organization_id, invoice_id):
    invoice = Invoice.get_or_none((Invoice.id == invoice_id) & (Invoice.organization_id == organization_id))
    if invoice is None:
        raise NotFound("No such invoice.")
    return invoice


def credit_note_of(organization_id, note_id):
    note = CreditNote.get_or_none((CreditNote.id == note_id) & (CreditNote.organization_id == organization_id))
    if note is None:
        raise NotFound("No such credit note.")
    return note


def invoice_detail(invoice):
    """The invoice with its lines (VAT per line), VAT per rate, payments and credit notes."""
    money = _money(invoice.currency)
    lines = list(invoice.lines.order_by(InvoiceLine.position))
    payments = (Payment.select().where((Payment.invoice_id == invoice.id) & (Payment.purpose == "invoice"))
                .order_by(Payment.created_at))
    return {**invoice.__data__, "due": money(invoice.total_minor - invoice.paid_minor - invoice.credited_minor),
            "lines": [{"line": line, "unit_price": money(line.unit_price_minor), "discount": money(line.discount_minor),
                       "net": money(line.net_minor), "vat": money(line.vat_minor),
                       "total": money(line.net_minor + line.vat_minor)} for line in lines],
            "vat_rates": _per_rate(((line.vat_rate, line.net_minor, line.vat_minor) for line in lines), money),
            "payments": list(payments),
            "credit_notes": list(invoice.credit_notes.order_by(CreditNote.issued_at))}


def credit_note_detail(note):
    money = _money(note.currency)
    credited = (CreditNoteLine.select(CreditNoteLine, InvoiceLine).join(InvoiceLine)
                .where(CreditNoteLine.credit_note == note.id).order_by(InvoiceLine.position))
    return {**note.__data__, "invoice_id": note.invoice_id, "invoice_number": note.invoice.number,
            "lines": [{"line": credit.invoice_line, "net": money(credit.net_minor),
                       "vat": money(credit.vat_minor), "total": money(credit.net_minor + credit.vat_minor)}
                      for credit in credited]}


def _per_rate(rated, money):
    per_rate = defaultdict(lambda: [0, 0])
    for rate, net, vat in rated:
        per_rate[rate][0] += net
        per_rate[rate][1] += vat
    return [{"rate": rate, "net": money(net), "vat": money(vat)}
            for rate, (net, vat) in sorted(per_rate.items(), key=lambda item: Decimal(item[0]))]


def _money(currency):
    return lambda minor: Money(minor, currency)
