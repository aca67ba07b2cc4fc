from flask import current_app, g
from flask.views import MethodView

from services.common.auth import require_scope
from services.common.web import Blueprint

from .. import client_organizations, service
from ..schemas import ContactOut, MyOrganizationOut, OrganizationIn, OrganizationOut, OrganizationPatch, OrganizationQuery
from .tokens import person, person_or_service

blp = Blueprint("organizations", __name__, url_prefix="/v1/organizations",
                description="Organizations (OR1, OR2, OR10, OR13, ID11)")

PERSON = [{"bearer": ["orgs"]}]


@blp.route("")
class Organizations(MethodView):
    @blp.arguments(OrganizationQuery, location="query")
    @blp.response(200, OrganizationOut(many=True))
    @blp.doc(security=[{"bearer": ["orgs:read"]}])
    @require_scope("orgs:read")
    def get(self, query):
        """The organizations an account belongs to, or (PA4, PA5) those whose legal representatives
        include an address (services)."""
        if "legal_representative_email" in query:
            return client_organizations.by_legal_representative_email(query["legal_representative_email"])
        return service.organizations_of(query["account_id"])

    @blp.arguments(OrganizationIn)
    @blp.response(201, OrganizationOut)
    @blp.doc(security=PERSON)
    @person()
    def post(self, body):
        """OR1, OR2: create an organization; the caller becomes its legal representative."""
        return service.create_organization(body["name"], body["kind"], body["currency"], g.account_id,
                                           **body["branding"])


@blp.route("/mine")
class MyOrganizations(MethodView):
    decorators = [person()]

    @blp.response(200, MyOrganizationOut(many=True))
    @blp.doc(security=PERSON)
    def get(self):
        """ID11: every organization of the caller with the caller's role; switching is client-side."""
        return service.my_organizations(g.account_id)


@blp.route("/<uuid:organization_id>")
class OrganizationById(MethodView):
    @blp.response(200, OrganizationOut)
    @blp.doc(security=[{"bearer": ["orgs:read"]}, {"bearer": ["orgs"]}])
    @person_or_service("orgs:read")
    def get(self, organization_id):
        """One organization with its members: any for services, only one's own for people."""
        return service.get_organization(organization_id, g.account_id)

    @blp.arguments(OrganizationPatch)
    @blp.response(200, OrganizationOut)
    @blp.doc(security=PERSON)
    @person()
    def patch(self, body, organization_id):
        """OR1 details and branding; OR10: administrators and legal representatives only."""
        changes = {k: v for k, v in body.items() if k != "branding"}
        changes.update(body.get("branding") or {})
        return service.update_organization(organization_id, g.account_id, changes)

    @blp.response(204)
    @blp.doc(security=PERSON)
    @person()
    def delete(self, organization_id):
        """OR13: a legal representative deletes it once billing has nothing open."""
        service.delete_organization(organization_id, g.account_id, current_app.extensions["billing_client"])


@blp.route("/<uuid:organization_id>/contacts")
class OrganizationContacts(MethodView):
    decorators = [require_scope("orgs:read")]

    @blp.response(200, ContactOut(many=True))
    @blp.doc(security=[{"bearer": ["orgs:read"]}])
    def get(self, organization_id):
        """The members services mail about the organization (billing, BI6, BI12), with their language."""
        return service.contacts(organization_id)
