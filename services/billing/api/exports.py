from flask import Response, current_app, g, stream_with_context
from flask.views import MethodView
from marshmallow import fields

from services.common.auth import require_user
from services.common.schema import Strict
from services.common.web import Blueprint

from .. import exports

blp = Blueprint("billing_exports", __name__, url_prefix="/v1/partners/<uuid:partner_org_id>",
                description="A partner's export of its clients' billing data (PA9)")

PERSON = [{"bearer": ["billing"]}]
STAFF_SCOPE = "staff"
CSV = {"type": "string", "description": ", ".join(exports.COLUMNS) + "; by issue date, then invoice and line"}


class PeriodQuery(Strict):
    """The period, issue days included (`from` after `to`: an empty period, the header only)."""

    start = fields.Date(required=True, data_key="from", metadata={"description": "First day (YYYY-MM-DD)"})
    end = fields.Date(required=True, data_key="to", metadata={"description": "Last day, included (YYYY-MM-DD)"})


def _client_invoices(partner_org_id, client_org):
    """Authorize the caller (`partner.manage` on the partner, or staff) and say whether it may read
    the client's own invoices (the access check's billing.read on the client: billing entrusted)."""
    if STAFF_SCOPE in (g.token.get("scope") or "").split():
        exports.client_of(partner_org_id, client_org)
        return True
    access = current_app.extensions["access_client"]
    access.require(g.account_id, "partner.manage", partner_org_id)
    exports.client_of(partner_org_id, client_org)
    return access.check(g.account_id, "billing.read", client_org)["decision"] == "allow"


@blp.route("/clients/<uuid:client_org>/billing.csv")
class ClientBillingCsv(MethodView):
    decorators = [require_user("billing")]

    @blp.arguments(PeriodQuery, location="query")
    @blp.response(200, CSV, content_type="text/csv", description="The period's invoice lines, streamed")
    @blp.doc(security=PERSON)
    def get(self, query, partner_org_id, client_org):
        """PA9: one client's billing data for a period, as CSV streamed page by page: the lines of
        the client's products on invoices to the partner, and the client's own invoices when the
        partner may read the client's billing. `partner.manage` on the partner (404 for an
        organization the caller does not reach, 403 for a member without it); staff may read.
        A client without an active link to the partner: 404."""
        client_invoices = _client_invoices(partner_org_id, client_org)
        chunks = exports.csv_chunks(partner_org_id, client_org, query["start"], query["end"], client_invoices)
        return Response(stream_with_context(chunks), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="billing-{client_org}-{query["start"]}-{query["end"]}.csv"'})
