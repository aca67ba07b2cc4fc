from flask.views import MethodView

from services.common.auth import require_scope
from services.common.web import Blueprint

from .. import service
from ..schemas import KnownOrganizationOut

blp = Blueprint("partner_organizations", __name__, url_prefix="/v1/organizations",
                description="Organizations as the partner programme knows them")


@blp.route("/<uuid:organization_id>")
class KnownOrganizationById(MethodView):
    decorators = [require_scope("partner:read")]

    @blp.response(200, KnownOrganizationOut)
    @blp.doc(security=[{"bearer": ["partner:read"]}])
    def get(self, organization_id):
        """One organization and whether it may apply to the programme (PA1)."""
        return service.get_organization(organization_id)
