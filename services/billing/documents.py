"""Every issued invoice and credit note has its PDF in `document` (BI5).

Rendered on first request (a GET of the PDF, the operator's `invoices render`), then kept:
what was issued never changes, so neither does its PDF, and issuing does not wait for a
renderer while it holds the number sequence (bench/README.md: issuance with and without PDF).
`render_invoice(..., store=True)` renders at once, e.g. right after an issuing transaction.
A draft's pro-forma is rendered on each request and never stored: a draft may still change.
"""
from services.common import clock

from . import pdf
from .models import CreditNoteLine, Document, InvoiceLine, db


def invoice_pdf(invoice, seller):
    """The PDF of `invoice`: the stored one, else rendered (and stored once issued)."""
    if invoice.status == "draft":
        return pdf.invoice_pdf(invoice, _lines(invoice), seller)
    return _stored(invoice.id) or render_invoice(invoice, seller)


def credit_note_pdf(note, seller):
    return _stored(note.id) or render_credit_note(note, seller)


def render_invoice(invoice, seller):
    """Render an issued invoice's PDF and store it, replacing any before."""
    return _store(invoice.id, "invoice", pdf.invoice_pdf(invoice, _lines(invoice), seller))


def render_credit_note(note, seller):
    credited = [(credit, credit.invoice_line) for credit in
                CreditNoteLine.select(CreditNoteLine, InvoiceLine).join(InvoiceLine)
                .where(CreditNoteLine.credit_note == note.id).order_by(InvoiceLine.position)]
    return _store(note.id, "credit_note", pdf.credit_note_pdf(note, note.invoice, credited, seller))


def _lines(invoice):
    return list(invoice.lines.order_by(InvoiceLine.position))


def _stored(document_id):
    row = Document.select(Document.pdf).where(Document.id == document_id).first()
    return bytes(row.pdf) if row else None


def _store(document_id, kind, content):
    with db.atomic():
        (Document.insert(id=document_id, kind=kind, pdf=content, rendered_at=clock.utcnow())
         .on_conflict(conflict_target=[Document.id], update={Document.pdf: content,
                                                              Document.rendered_at: clock.utcnow()})
         .execute())
    return content

