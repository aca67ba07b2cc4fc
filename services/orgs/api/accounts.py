from flask.views import MethodView

from services.common.auth import require_scope
from services.common.web import Blueprint

from .. import service
from ..schemas import SoleRepresentationsOut

blp = Blueprint("accounts", __name__, url_prefix="/v1/accounts",
                description="What orgs knows of an account, for identity (OR7)")


@blp.route("/<uuid:account_id>/sole-legal-representations")
class SoleLegalRepresentations(MethodView):
    decorators = [require_scope("orgs:memberships:read")]

    @blp.response(200, SoleRepresentationsOut)
    @blp.doc(security=[{"bearer": ["orgs:memberships:read"]}])
    def get(self, account_id):
        """OR7: organizations where this account is the only legal representative (asked before
        deleting the account: they need another legal representative first)."""
        return {"account_id": account_id, "organization_ids": service.sole_legal_representations(account_id)}
