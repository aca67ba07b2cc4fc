from flask import Response, current_app
from flask.views import MethodView

from services.common.auth import require_scope, require_user
from services.common.web import Blueprint, idempotent

from .. import credit_notes, documents, invoice_reads
from ..schemas_invoices import (CreditNoteIn, CreditNoteOut, CreditNotePageOut, CreditNotesQuery, InvoiceOut,
                                InvoicePageOut, InvoicesQuery)
from .guard import billing_access

blp = Blueprint("billing_invoices", __name__, url_prefix="/v1/organizations/<uuid:organization_id>",
                description="An organization's invoices and credit notes, with their PDFs (BI5, BI13, BI14)")
staff = Blueprint("billing_credit_notes", __name__, url_prefix="/v1/invoices",
                  description="Credit notes, issued by staff (BI5)")

PERSON = [{"bearer": ["billing"]}]
PDF = {"type": "string", "format": "binary"}


def _pdf(content, name):
    return Response(content, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}.pdf"', "Cache-Control": "private"})


class _Person(MethodView):
    decorators = [require_user("billing")]


@blp.route("/invoices")
class Invoices(_Person):
    @blp.arguments(InvoicesQuery, location="query")
    @blp.response(200, InvoicePageOut, description="A page, newest first: {items, next_cursor}")
    @blp.doc(security=PERSON)
    def get(self, query, organization_id):
        """The organization's invoices (it is the one invoiced), drafts (pro-formas) included;
        `status` keeps one status. Only with billing rights (BI13): else 404."""
        billing_access(organization_id)
        return invoice_reads.invoices_page(organization_id, **query)


@blp.route("/invoices/<uuid:invoice_id>")
class InvoiceById(_Person):
    @blp.response(200, InvoiceOut)
    @blp.doc(security=PERSON)
    def get(self, organization_id, invoice_id):
        """One invoice: its lines with VAT per line, VAT per rate, totals, payments and credit notes."""
        billing_access(organization_id)
        return invoice_reads.invoice_detail(invoice_reads.invoice_of(organization_id, invoice_id))


@blp.route("/invoices/<uuid:invoice_id>/pdf")
class InvoicePdf(_Person):
    @blp.response(200, PDF, content_type="application/pdf", description="The invoice as PDF")
    @blp.doc(security=PERSON)
    def get(self, organization_id, invoice_id):
        """The invoice's PDF (BI5); a draft's is the PRO-FORMA, without number. A CHF invoice ends
        with its Swiss QR-bill payment part."""
        billing_access(organization_id)
        invoice = invoice_reads.invoice_of(organization_id, invoice_id)
        return _pdf(documents.invoice_pdf(invoice, current_app.config["SELLER"]), invoice.number or "pro-forma")


@blp.route("/credit-notes")
class CreditNotes(_Person):
    @blp.arguments(CreditNotesQuery, location="query")
    @blp.response(200, CreditNotePageOut, description="A page, newest first: {items, next_cursor}")
    @blp.doc(security=PERSON)
    def get(self, query, organization_id):
        """The organization's credit notes. Only with billing rights (BI13): else 404."""
        billing_access(organization_id)
        return invoice_reads.credit_notes_page(organization_id, **query)


@blp.route("/credit-notes/<uuid:credit_note_id>")
class CreditNoteById(_Person):
    @blp.response(200, CreditNoteOut)
    @blp.doc(security=PERSON)
    def get(self, organization_id, credit_note_id):
        """One credit note: the invoice it credits and what it credits of each line, with VAT."""
        billing_access(organization_id)
        return invoice_reads.credit_note_detail(invoice_reads.credit_note_of(organization_id, credit_note_id))


@blp.route("/credit-notes/<uuid:credit_note_id>/pdf")
class CreditNotePdf(_Person):
    @blp.response(200, PDF, content_type="application/pdf", description="The credit note as PDF")
    @blp.doc(security=PERSON)
    def get(self, organization_id, credit_note_id):
        """The credit note's PDF (BI5)."""
        billing_access(organization_id)
        note = invoice_reads.credit_note_of(organization_id, credit_note_id)
        return _pdf(documents.credit_note_pdf(note, current_app.config["SELLER"]), note.number)


@staff.route("/<uuid:invoice_id>/credit-notes")
class CreditNoteIssue(MethodView):
    decorators = [require_scope("billing:credit")]

    @idempotent
    @staff.arguments(CreditNoteIn)
    @staff.response(201, CreditNoteOut)
    @staff.doc(security=[{"bearer": ["billing:credit"]}])
    def post(self, body, invoice_id):
        """BI5: credit lines of an issued invoice (staff). Each line's amount is the net credited;
        never more than remains of that line (422 rule BI5); VAT follows the invoice's."""
        note = credit_notes.issue_credit_note(invoice_id, body["lines"], body["reason"])
        return invoice_reads.credit_note_detail(note)
