"""PX5 over HTTP, under /v1/partners/{partner_org_id}: the partner's branding, markup rules,
branded invoices (with their PDFs) and margin report. Every route asks orgs' access check for
`partner.manage` on the partner organization (administrators and legal representatives; 404
for someone who does not reach it), and reads only that partner's rows (another's ids: 404).
The provider's staff (a user token with scope `staff`) may read, never write."""
from flask import current_app, g
from flask.views import MethodView

from services.common import paging
from services.common.auth import require_user
from services.common.errors import NotFound

from .. import branded_pdf, margins, rebilling
from ..rebilling_models import BrandedInvoice, BrandedInvoiceLine
from ..schemas_rebilling import (BrandedInvoiceOut, BrandedInvoicePageOut, BrandedInvoicesQuery, BrandingIn,
                                 BrandingOut, MarginsOut, MarginsQuery, MarkupRuleIn, MarkupRuleListOut,
                                 MarkupRuleOut)
from services.common.web import Blueprint

from .invoices import PDF, _pdf

blp = Blueprint("billing_rebilling", __name__, url_prefix="/v1/partners/<uuid:partner_id>",
                description="A partner's rebilling of its clients: branding, markup rules, branded invoices, "
                            "margins (PX5)")
PERSON = [{"bearer": ["billing"]}]


STAFF_SCOPE = "staff"


def _manage(partner_id):
    current_app.extensions["access_client"].require(g.account_id, "partner.manage", partner_id)


def _read(partner_id):
    if STAFF_SCOPE not in str(g.token.get("scope", "")).split():
        _manage(partner_id)


class _Partner(MethodView):
    decorators = [require_user("billing")]


@blp.route("/branding")
class Branding(_Partner):
    @blp.response(200, BrandingOut)
    @blp.doc(security=PERSON)
    def get(self, partner_id):
        """The partner's branding on its invoices to its clients; 404 before it has one."""
        _read(partner_id)
        return rebilling.branding_of(partner_id)

    @blp.arguments(BrandingIn)
    @blp.response(200, BrandingOut)
    @blp.doc(security=PERSON)
    def put(self, body, partner_id):
        """Set the branding: name, address, VAT number, currency (CHF or EUR), IBAN / QR-IBAN, logo."""
        _manage(partner_id)
        return rebilling.put_branding(partner_id, body)


@blp.route("/markup-rules")
class MarkupRules(_Partner):
    @blp.response(200, MarkupRuleListOut)
    @blp.doc(security=PERSON)
    def get(self, partner_id):
        """The partner's markup rules, by effective date."""
        _read(partner_id)
        return {"items": rebilling.rules_of(partner_id)}

    @blp.arguments(MarkupRuleIn)
    @blp.response(201, MarkupRuleOut)
    @blp.doc(security=PERSON)
    def post(self, body, partner_id):
        """A markup rule (percent or amount per line, rounding 0.01 or 0.05) from `effective_from`;
        422 rule PX5 when that month is already invoiced for its client(s)."""
        _manage(partner_id)
        return rebilling.add_rule(partner_id, body)


@blp.route("/markup-rules/<uuid:rule_id>")
class MarkupRuleById(_Partner):
    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, partner_id, rule_id):
        """Delete a rule before it takes effect (422 rule PX5 afterwards)."""
        _manage(partner_id)
        rebilling.delete_rule(partner_id, rule_id)


@blp.route("/branded-invoices")
class BrandedInvoices(_Partner):
    @blp.arguments(BrandedInvoicesQuery, location="query")
    @blp.response(200, BrandedInvoicePageOut)
    @blp.doc(security=PERSON)
    def get(self, query, partner_id):
        """The partner's branded invoices, newest first; `client` and `month` narrow them."""
        _read(partner_id)
        rows = BrandedInvoice.select().where(BrandedInvoice.partner_organization_id == partner_id)
        if query.get("client"):
            rows = rows.where(BrandedInvoice.client_organization_id == query["client"])
        if query.get("month"):
            rows = rows.where(BrandedInvoice.month == query["month"])
        return paging.page(rows, BrandedInvoice.issued_at, BrandedInvoice.id, query.get("cursor"), query["limit"])


def _branded(partner_id, invoice_id):
    invoice = BrandedInvoice.get_or_none((BrandedInvoice.id == invoice_id)
                                         & (BrandedInvoice.partner_organization_id == partner_id))
    if invoice is None:
        raise NotFound("No such branded invoice.")
    return invoice


@blp.route("/branded-invoices/<uuid:invoice_id>")
class BrandedInvoiceById(_Partner):
    @blp.response(200, BrandedInvoiceOut)
    @blp.doc(security=PERSON)
    def get(self, partner_id, invoice_id):
        """One branded invoice with its lines: cost and resale each."""
        _read(partner_id)
        invoice = _branded(partner_id, invoice_id)
        invoice.line_rows = [{**line.__data__, "currency": invoice.currency}
                             for line in invoice.lines.order_by(BrandedInvoiceLine.position)]
        return invoice


@blp.route("/branded-invoices/<uuid:invoice_id>/pdf")
class BrandedInvoicePdf(_Partner):
    @blp.response(200, PDF, content_type="application/pdf", description="The branded invoice as PDF")
    @blp.doc(security=PERSON)
    def get(self, partner_id, invoice_id):
        """The branded invoice's PDF, with the Swiss QR-bill for CHF (the partner as creditor)."""
        _read(partner_id)
        invoice = _branded(partner_id, invoice_id)
        lines = list(invoice.lines.order_by(BrandedInvoiceLine.position))
        branding = rebilling.branding_of(partner_id)
        return _pdf(branded_pdf.branded_invoice_pdf(invoice, lines, branding.logo and bytes(branding.logo)),
                    invoice.number)


@blp.route("/margins")
class Margins(_Partner):
    @blp.arguments(MarginsQuery, location="query")
    @blp.response(200, MarginsOut)
    @blp.doc(security=PERSON)
    def get(self, query, partner_id):
        """Cost against resale per client and month, from the branded invoices as issued."""
        _read(partner_id)
        return {"items": margins.margins(partner_id, query["from_"], query["to"], query.get("client"))}
