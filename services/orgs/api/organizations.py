from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.auth import require_scope

from .. import service
from ..schemas import OrganizationOut, OrganizationQuery

blp = Blueprint("organizations", __name__, url_prefix="/v1/organizations",
                description="Organizations and their members (OR1-OR3)")


@blp.route("")
class Organizations(MethodView):
    decorators = [require_scope("orgs:read")]

    @blp.arguments(OrganizationQuery, location="query")
    @blp.response(200, OrganizationOut(many=True))
    @blp.doc(security=[{"bearer": ["orgs:read"]}])
    def get(self, query):
        """The organizations an account belongs to."""
        return service.organizations_of(query["account_id"])


@blp.route("/<uuid:organization_id>")
class OrganizationById(MethodView):
    decorators = [require_scope("orgs:read")]

    @blp.response(200, OrganizationOut)
    @blp.doc(security=[{"bearer": ["orgs:read"]}])
    def get(self, organization_id):
        """One organization with its members."""
        return service.get_organization(organization_id)
