"""The client's side of its partner links (PA5, PA8, PA10, PX1): authorize a partner, answer its
requests, change scope, payer and end date, stop. Writes: the client's legal representatives;
reads: its administrators too."""
from flask.views import MethodView

from services.common.web import Blueprint, idempotent

from .. import client_links, link_reads, stopping
from ..schemas_links import (LinkApprovalIn, ClientLinkIn, Empty, EndIn, LinkOut, LinkPageOut, LinksQuery, PayerIn,
                             ScopeIn, StopIn, StopRequestOut)
from .link_people import PERSON, access, identity, me, orgs, person

blp = Blueprint("partner_clients", __name__, url_prefix="/v1/clients/<uuid:client_organization_id>/links",
                description="A client's partner links (PA5, PA8, PA10, PX1): its legal representatives "
                            "authorize, approve, decline, change and stop; its managers read.")


@blp.route("")
class ClientLinks(MethodView):
    decorators = [person()]

    @blp.arguments(LinksQuery, location="query")
    @blp.response(200, LinkPageOut)
    @blp.doc(security=PERSON)
    def get(self, query, client_organization_id):
        """The client's links, newest first."""
        return link_reads.client_links(access(), me(), client_organization_id, query.get("status"),
                                       query.get("cursor"), query["limit"])

    @idempotent
    @blp.arguments(ClientLinkIn)
    @blp.response(201, LinkOut)
    @blp.doc(security=PERSON)
    def post(self, body, client_organization_id):
        """PA5: authorize an approved partner on the client's own initiative: active at once."""
        return client_links.authorize(access(), orgs(), me(), client_organization_id, body)


@blp.route("/<uuid:link_id>")
class ClientLinkById(MethodView):
    decorators = [person()]

    @blp.response(200, LinkOut)
    @blp.doc(security=PERSON)
    def get(self, client_organization_id, link_id):
        """One link of the client."""
        return link_reads.client_link_for(access(), me(), client_organization_id, link_id)


@blp.route("/<uuid:link_id>/approval")
class Approval(MethodView):
    decorators = [person()]

    @blp.arguments(LinkApprovalIn)
    @blp.response(200, LinkOut)
    @blp.doc(security=PERSON)
    def post(self, body, client_organization_id, link_id):
        """PA5: approve the pending request, with the scope asked (scope omitted) or another."""
        return client_links.approve(access(), orgs(), me(), client_organization_id, link_id, body)


@blp.route("/<uuid:link_id>/decline")
class Decline(MethodView):
    decorators = [person()]

    @blp.arguments(Empty)
    @blp.response(200, LinkOut)
    @blp.doc(security=PERSON)
    def post(self, body, client_organization_id, link_id):
        """PA5: decline the pending request."""
        return client_links.decline(access(), orgs(), me(), client_organization_id, link_id)


@blp.route("/<uuid:link_id>/scope")
class Scope(MethodView):
    decorators = [person()]

    @blp.arguments(ScopeIn)
    @blp.response(200, LinkOut)
    @blp.doc(security=PERSON)
    def put(self, body, client_organization_id, link_id):
        """PA5: another scope; a limited one makes the client pay again (PA8)."""
        return client_links.change_scope(access(), orgs(), me(), client_organization_id, link_id, body)


@blp.route("/<uuid:link_id>/payer")
class Payer(MethodView):
    decorators = [person()]

    @blp.arguments(PayerIn)
    @blp.response(200, LinkOut)
    @blp.doc(security=PERSON)
    def put(self, body, client_organization_id, link_id):
        """PA8: who pays (the partner only with full access)."""
        return client_links.change_payer(access(), orgs(), me(), client_organization_id, link_id, body["payer"])


@blp.route("/<uuid:link_id>/end")
class End(MethodView):
    decorators = [person()]

    @blp.arguments(EndIn)
    @blp.response(200, LinkOut)
    @blp.doc(security=PERSON)
    def put(self, body, client_organization_id, link_id):
        """PX1: the end date (or none) and automatic extension."""
        return client_links.change_end(access(), orgs(), me(), client_organization_id, link_id, body["ends_at"],
                                       body["auto_extend"])


@blp.route("/<uuid:link_id>/stop-request")
class StopRequest(MethodView):
    decorators = [person()]

    @blp.arguments(Empty)
    @blp.response(201, StopRequestOut)
    @blp.doc(security=PERSON)
    def post(self, body, client_organization_id, link_id):
        """PA10, first step: a token valid 10 minutes (no Idempotency-Key: the token is never kept)."""
        return stopping.request_stop(access(), me(), "client", client_organization_id, link_id)


@blp.route("/<uuid:link_id>/stop")
class Stop(MethodView):
    decorators = [person()]

    @blp.arguments(StopIn)
    @blp.response(200, LinkOut)
    @blp.doc(security=PERSON)
    def post(self, body, client_organization_id, link_id):
        """PA10, second step: the token and the caller's password; access ends at once."""
        return stopping.stop(access(), identity(), orgs(), me(), "client", client_organization_id, link_id,
                             body["token"], body["password"])
