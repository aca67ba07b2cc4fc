from flask import current_app, g
from flask.views import MethodView

from services.common.auth import require_scope
from services.common.web import Blueprint, idempotent

from .. import client_organizations
from ..schemas import ClientOrganizationIn, ClientOrganizationOut

blp = Blueprint("client_organizations", __name__, url_prefix="/v1/client-organizations",
                description="Client organizations created for a partner (PA4)")

SCOPE = "orgs:create-client"


@blp.route("")
class ClientOrganizations(MethodView):
    decorators = [require_scope(SCOPE)]

    @idempotent
    @blp.arguments(ClientOrganizationIn)
    @blp.response(201, ClientOrganizationOut)
    @blp.doc(security=[{"bearer": [SCOPE]}])
    def post(self, body):
        """PA4, for the partner service: the organization exists at once, without any member (OR7:
        nobody to protect yet); its legal representative gets orgs' invitation (a sign-up link for an
        unknown address) and becomes legal representative on accepting. orgs.organization.created is
        emitted with legal_representative_id null."""
        return client_organizations.create_client_organization(body, g.token.get("client_id"),
                                                               current_app.config["SERVICE_URLS"])
