"""The partner's side of its client links (PA4, PA7, PA10): request, read, resend, withdraw,
assign staff, stop."""
from flask.views import MethodView

from services.common.web import Blueprint, idempotent

from .. import assignments, link_reads, links, stopping
from ..schemas_links import (AssignmentIn, AssignmentOut, Empty, LinkOut, LinkPageOut, PartnerLinkIn,
                             PartnerLinksQuery, StopIn, StopRequestOut)
from .link_people import PERSON, access, identity, me, orgs, person

blp = Blueprint("partner_links", __name__, url_prefix="/v1/partners/<uuid:partner_organization_id>/links",
                description="A partner's client links (PA4, PA7, PA10): its legal representatives request, "
                            "resend, withdraw and stop; its managers read and assign staff.")


@blp.route("")
class PartnerLinks(MethodView):
    decorators = [person()]

    @blp.arguments(PartnerLinksQuery, location="query")
    @blp.response(200, LinkPageOut)
    @blp.doc(security=PERSON)
    def get(self, query, partner_organization_id):
        """The partner's links, newest first: managers see all, other members their assigned clients."""
        return link_reads.partner_links(access(), me(), partner_organization_id, query.get("status"),
                                        query.get("q"), query.get("cursor"), query["limit"])

    @idempotent
    @blp.arguments(PartnerLinkIn)
    @blp.response(201, LinkOut)
    @blp.doc(security=PERSON)
    def post(self, body, partner_organization_id):
        """PA4: ask a client (existing by id or email, or created now) for access: a pending request."""
        return links.request_link(access(), orgs(), me(), partner_organization_id, body)


@blp.route("/<uuid:link_id>")
class PartnerLinkById(MethodView):
    decorators = [person()]

    @blp.response(200, LinkOut)
    @blp.doc(security=PERSON)
    def get(self, partner_organization_id, link_id):
        """One link (managers, or the members assigned to its client)."""
        return link_reads.partner_link_for(access(), me(), partner_organization_id, link_id)


@blp.route("/<uuid:link_id>/resend")
class Resend(MethodView):
    decorators = [person()]

    @blp.arguments(Empty)
    @blp.response(200, LinkOut)
    @blp.doc(security=PERSON)
    def post(self, body, partner_organization_id, link_id):
        """PA4: mail the pending request again; its 30 days start again."""
        return links.resend(access(), orgs(), me(), partner_organization_id, link_id)


@blp.route("/<uuid:link_id>/withdrawal")
class Withdrawal(MethodView):
    decorators = [person()]

    @blp.arguments(Empty)
    @blp.response(200, LinkOut)
    @blp.doc(security=PERSON)
    def post(self, body, partner_organization_id, link_id):
        """PA4: withdraw the pending request."""
        return links.withdraw(access(), me(), partner_organization_id, link_id)


@blp.route("/<uuid:link_id>/assignments")
class Assignments(MethodView):
    decorators = [person()]

    @blp.response(200, AssignmentOut(many=True))
    @blp.doc(security=PERSON)
    def get(self, partner_organization_id, link_id):
        """PA7: who manages this client (a JSON array)."""
        return assignments.assignments_of(access(), me(), partner_organization_id, link_id)


@blp.route("/<uuid:link_id>/assignments/<uuid:account_id>")
class AssignmentById(MethodView):
    decorators = [person()]

    @blp.arguments(AssignmentIn)
    @blp.response(200, AssignmentOut)
    @blp.doc(security=PERSON)
    def put(self, body, partner_organization_id, link_id, account_id):
        """PA7: the member manages this client (`products` only, or null: all the link grants)."""
        return assignments.assign(access(), orgs(), me(), partner_organization_id, link_id, account_id,
                                  body["products"])

    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, partner_organization_id, link_id, account_id):
        """PA7: the member no longer manages this client."""
        assignments.unassign(access(), me(), partner_organization_id, link_id, account_id)


@blp.route("/<uuid:link_id>/stop-request")
class StopRequest(MethodView):
    decorators = [person()]

    @blp.arguments(Empty)
    @blp.response(201, StopRequestOut)
    @blp.doc(security=PERSON)
    def post(self, body, partner_organization_id, link_id):
        """PA10, first step: a token valid 10 minutes (no Idempotency-Key: the token is never kept)."""
        return stopping.request_stop(access(), me(), "partner", partner_organization_id, link_id)


@blp.route("/<uuid:link_id>/stop")
class Stop(MethodView):
    decorators = [person()]

    @blp.arguments(StopIn)
    @blp.response(200, LinkOut)
    @blp.doc(security=PERSON)
    def post(self, body, partner_organization_id, link_id):
        """PA10, second step: the token and the caller's password; access ends at once."""
        return stopping.stop(access(), identity(), orgs(), me(), "partner", partner_organization_id, link_id,
                             body["token"], body["password"])
