"""PA11: a partner's cashback statements and entries (its managers; the provider's staff read)."""
import functools

from flask import g
from flask.views import MethodView

from services.common.auth import auth_requirement, current_token, is_service_token
from services.common.errors import Forbidden
from services.common.web import Blueprint

from .. import cashback_reads as reads
from ..schemas_cashback import EntriesOut, EntriesQuery, StatementDetailOut, StatementPageOut, StatementsQuery
from .people import extension

# A person's token with `partner` (its managers: partner.manage) or with `staff` (the provider's staff read).
READERS = [{"bearer": ["partner"]}]

blp = Blueprint("partner_cashback", __name__, url_prefix="/v1/partners/<uuid:partner_organization_id>/cashback",
                description="PA11: the monthly cashback statements credited to the partner's prepaid account, "
                            "and the entries (accruals, reversals) behind them.")


def _reader():
    claims = current_token()
    scopes = (claims.get("scope") or "").split()
    if is_service_token(claims) or not {"partner", "staff"} & set(scopes):
        raise Forbidden("A person's token with the scope 'partner' (or 'staff') is needed.", required_scope="partner")
    g.token, g.account_id = claims, claims["sub"]


def reader(view):
    """The caller may read the partner's cashback: checked before the query is validated, so that
    an organization the caller does not reach is 404 whatever the query."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        reads.allow(extension("access_client"), g.account_id, (g.token.get("scope") or "").split(),
                    kwargs["partner_organization_id"])
        return view(*args, **kwargs)

    return auth_requirement(_reader)(wrapper)


@blp.route("/statements")
class Statements(MethodView):
    decorators = [reader]

    @blp.arguments(StatementsQuery, location="query")
    @blp.response(200, StatementPageOut)
    @blp.doc(security=READERS)
    def get(self, query, partner_organization_id):
        """The partner's statements, newest first (paged)."""
        return reads.statements(partner_organization_id, query.get("cursor"), query["limit"])


@blp.route("/statements/<uuid:statement_id>")
class Statement(MethodView):
    decorators = [reader]

    @blp.response(200, StatementDetailOut)
    @blp.doc(security=READERS)
    def get(self, partner_organization_id, statement_id):
        """One statement with the entries it covers."""
        return reads.statement(partner_organization_id, statement_id)


@blp.route("/entries")
class Entries(MethodView):
    decorators = [reader]

    @blp.arguments(EntriesQuery, location="query")
    @blp.response(200, EntriesOut)
    @blp.doc(security=READERS)
    def get(self, query, partner_organization_id):
        """The cashback entries of one month (accruals and reversals)."""
        return reads.entries(partner_organization_id, query["month"])
