from flask import current_app, g
from flask.views import MethodView

from services.common.auth import require_scope
from services.common.web import Blueprint

from .. import invitations
from ..schemas import InvitationForPersonOut, InvitationForServiceOut, InvitationIn, InvitationOut, MyOrganizationOut
from .tokens import person

blp = Blueprint("invitations", __name__, url_prefix="/v1",
                description="Invitations to join an organization (OR4, ID3)")

PERSON = [{"bearer": ["orgs"]}]


@blp.route("/organizations/<uuid:organization_id>/invitations")
class Invitations(MethodView):
    decorators = [person()]

    @blp.response(200, InvitationOut(many=True))
    @blp.doc(security=PERSON)
    def get(self, organization_id):
        """The organization's invitations, with their status (pending, expired, accepted...)."""
        return invitations.list_invitations(organization_id, g.account_id)

    @blp.arguments(InvitationIn)
    @blp.response(201, InvitationOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id):
        """OR4: invite an address with role, products, billing rights and contact preferences."""
        return invitations.invite(organization_id, g.account_id, body, current_app.config["SERVICE_URLS"])


@blp.route("/organizations/<uuid:organization_id>/invitations/<uuid:invitation_id>")
class InvitationById(MethodView):
    decorators = [person()]

    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, organization_id, invitation_id):
        """Withdraw a pending invitation."""
        invitations.withdraw(organization_id, g.account_id, invitation_id)


@blp.route("/organizations/<uuid:organization_id>/invitations/<uuid:invitation_id>/resend")
class Resend(MethodView):
    decorators = [person()]

    @blp.response(200, InvitationOut)
    @blp.doc(security=PERSON)
    def post(self, organization_id, invitation_id):
        """Send a reminder with a new 7-day expiry."""
        return invitations.resend(organization_id, g.account_id, invitation_id, current_app.config["SERVICE_URLS"])


@blp.route("/invitations/<string(maxlength=100):token>")
class InvitationForService(MethodView):
    @blp.response(200, InvitationForServiceOut)
    @blp.doc(security=[{"bearer": ["orgs:invitations:read"]}])
    @require_scope("orgs:invitations:read")
    def get(self, token):
        """For identity's sign-up page: the invited address, organization, status and expiry."""
        return invitations.for_service(token)


@blp.route("/invitations/<string(maxlength=100):token>/mine")
class InvitationForPerson(MethodView):
    decorators = [person()]

    @blp.response(200, InvitationForPersonOut)
    @blp.doc(security=PERSON)
    def get(self, token):
        """An open invitation addressed to you: the organization and the role it offers (404 when
        it is not yours: a token tells nobody else anything)."""
        return invitations.for_person(token, g.account_id)


@blp.route("/invitations/<string(maxlength=100):token>/accept")
class Accept(MethodView):
    decorators = [person()]

    @blp.response(200, MyOrganizationOut)
    @blp.doc(security=PERSON)
    def post(self, token):
        """Join the organization; the invitation must be addressed to an address recorded for you."""
        return invitations.accept(token, g.account_id)


@blp.route("/invitations/<string(maxlength=100):token>/decline")
class Decline(MethodView):
    decorators = [person()]

    @blp.response(204)
    @blp.doc(security=PERSON)
    def post(self, token):
        """Say no; the organization sees the invitation as declined."""
        invitations.decline(token, g.account_id)
