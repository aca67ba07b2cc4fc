"""Calls for tenders (PA13) over HTTP: public posting and verification (no login) and the visitor's
management with its poster key (header Tender-Key); a client organization's tenders; the partners'
inbox, answers and award; staff's list and removal."""
from flask import current_app, request
from flask.views import MethodView

from services.common.problems import problem
from services.common.web import Blueprint, client_address, idempotent

from .. import tender_limits, tenders
from ..schemas_links import LinkOut
from ..schemas_tenders import (AcceptIn, AnswerIn, AnswerOut, AwardOut, ConfirmIn, PartnerTenderOut,
                               PartnerTenderPageOut, PosterTenderOut, RemoveIn, StaffTenderOut, StaffTenderPageOut,
                               TenderIn, TenderPageOut, TendersQuery, VerifiedOut, VerifyIn, VisitorPostedOut,
                               VisitorTenderIn, WithdrawIn)
from .people import PERSON, STAFF, account_id, extension, person, staff

KEY_HEADER = "Tender-Key"
KEY = [{"in": "header", "name": KEY_HEADER, "required": False, "schema": {"type": "string", "maxLength": 100},
        "description": "The poster key mailed at verification (a missing or wrong key: 404)"}]
LIMITED = {"description": "Too many calls for tenders from this email or address today (Retry-After: seconds)"}

public_blp = Blueprint("tenders_public", __name__, url_prefix="/v1/tenders",
                       description="PA13: anyone posts a call for tenders (confirmed by a mailed link) and manages "
                                   "it with the poster key mailed then.")
organization_blp = Blueprint("tenders_organization", __name__,
                             url_prefix="/v1/organizations/<uuid:organization_id>/tenders",
                             description="PA13: a client organization's calls for tenders (partner.manage).")
partner_blp = Blueprint("tenders_partner", __name__, url_prefix="/v1/partners/<uuid:partner_organization_id>/tenders",
                        description="PA13: the calls for tenders delivered to a partner, its answers and awards.")
staff_blp = Blueprint("tenders_staff", __name__, url_prefix="/v1/staff/tenders",
                      description="PA13: the provider's staff read every call for tenders and remove abusive ones.")


def limited(error):
    return problem(429, "Too many requests", str(error), "too-many-requests",
                   {"Retry-After": str(error.retry_after)})


for _blp in (public_blp,):
    _blp.register_error_handler(tender_limits.LimitReached, limited)


def _config():
    return current_app.config


def _portal():
    return current_app.config["SERVICE_URLS"]["portal"].rstrip("/")


def _orgs():
    return extension("orgs_client")


def _access():
    return extension("access_client")


def _visitor(tender_id):
    return tenders.by_key(tender_id, request.headers.get(KEY_HEADER))


# -- Public ----------------------------------------------------------------------------------------

@public_blp.route("")
class PublicTenders(MethodView):
    @public_blp.arguments(VisitorTenderIn)
    @public_blp.response(201, VisitorPostedOut)
    @public_blp.alt_response(429, response="TOO_MANY_REQUESTS", description=LIMITED["description"])
    def post(self, body):
        """Post a call for tenders without an account: `unverified` until the link mailed to `email`
        (valid 48 h) is opened. At most TENDER_LIMIT_PER_EMAIL a day per email and TENDER_LIMIT_PER_IP
        per address (429 with Retry-After)."""
        return tenders.post_as_visitor(_config(), _portal(), body, client_address())


@public_blp.route("/verify")
class Verify(MethodView):
    @public_blp.arguments(VerifyIn)
    @public_blp.response(200, VerifiedOut)
    @public_blp.alt_response(404, response="NOT_FOUND", description="No call for tenders waits for this token")
    @public_blp.alt_response(429, response="TOO_MANY_REQUESTS", description=LIMITED["description"])
    def post(self, body):
        """Confirm a call for tenders by its mailed token: it opens and goes to the matching partners; the
        poster key is mailed and returned here once (404 unknown token, 409 already confirmed, 422 PA13
        expired)."""
        return tenders.for_poster(tenders.verify(_config(), _orgs(), _portal(), body["token"], client_address()))


@public_blp.route("/<uuid:tender_id>")
class VisitorTender(MethodView):
    @public_blp.response(200, PosterTenderOut)
    @public_blp.doc(parameters=KEY)
    def get(self, tender_id):
        """The visitor's call for tenders with its answers and award (header Tender-Key)."""
        return tenders.for_poster(_visitor(tender_id))


@public_blp.route("/<uuid:tender_id>/accept")
class VisitorAccept(MethodView):
    @public_blp.arguments(AcceptIn)
    @public_blp.response(200, PosterTenderOut)
    @public_blp.doc(parameters=KEY)
    def post(self, body, tender_id):
        """Accept one answer (once: 409 after): the tender is awarded, the partner gets a pre-filled link request."""
        return tenders.accept(_orgs(), _portal(), _visitor(tender_id), body["answer_id"])


@public_blp.route("/<uuid:tender_id>/withdraw")
class VisitorWithdraw(MethodView):
    @public_blp.arguments(WithdrawIn)
    @public_blp.response(200, PosterTenderOut)
    @public_blp.doc(parameters=KEY)
    def post(self, body, tender_id):
        """Withdraw the call while it is open (422 PA13 otherwise); partners can no longer answer."""
        return tenders.withdraw(_visitor(tender_id))


# -- A client organization ---------------------------------------------------------------------------

@organization_blp.route("")
class OrganizationTenders(MethodView):
    decorators = [person()]

    @organization_blp.arguments(TendersQuery, location="query")
    @organization_blp.response(200, TenderPageOut)
    @organization_blp.doc(security=PERSON)
    def get(self, query, organization_id):
        """The organization's calls for tenders, newest first, with their answers."""
        page = tenders.organization_tenders(_access(), account_id(), organization_id, query.get("status"),
                                            query.get("cursor"), query["limit"])
        page["items"] = [tenders.for_poster(tender) for tender in page["items"]]
        return page

    @idempotent
    @organization_blp.arguments(TenderIn)
    @organization_blp.response(201, PosterTenderOut)
    @organization_blp.doc(security=PERSON)
    def post(self, body, organization_id):
        """Post a call for tenders for the organization: open and delivered to the matching partners at once."""
        return tenders.for_poster(tenders.post_as_client(_access(), _orgs(), _portal(), account_id(), organization_id,
                                                         body))


@organization_blp.route("/<uuid:tender_id>")
class OrganizationTender(MethodView):
    decorators = [person()]

    @organization_blp.response(200, PosterTenderOut)
    @organization_blp.doc(security=PERSON)
    def get(self, organization_id, tender_id):
        """One of the organization's calls for tenders with its answers and award."""
        return tenders.for_poster(tenders.by_organization(_access(), account_id(), organization_id, tender_id))


@organization_blp.route("/<uuid:tender_id>/accept")
class OrganizationAccept(MethodView):
    decorators = [person()]

    @organization_blp.arguments(AcceptIn)
    @organization_blp.response(200, PosterTenderOut)
    @organization_blp.doc(security=PERSON)
    def post(self, body, organization_id, tender_id):
        """Accept one answer (once: 409 after): the tender is awarded, the partner gets a pre-filled link request."""
        tender = tenders.by_organization(_access(), account_id(), organization_id, tender_id)
        return tenders.accept(_orgs(), _portal(), tender, body["answer_id"])


@organization_blp.route("/<uuid:tender_id>/withdraw")
class OrganizationWithdraw(MethodView):
    decorators = [person()]

    @organization_blp.arguments(WithdrawIn)
    @organization_blp.response(200, PosterTenderOut)
    @organization_blp.doc(security=PERSON)
    def post(self, body, organization_id, tender_id):
        """Withdraw the call while it is open (422 PA13 otherwise)."""
        return tenders.withdraw(tenders.by_organization(_access(), account_id(), organization_id, tender_id))


# -- A partner ---------------------------------------------------------------------------------------

@partner_blp.route("")
class Inbox(MethodView):
    decorators = [person()]

    @partner_blp.arguments(TendersQuery, location="query")
    @partner_blp.response(200, PartnerTenderPageOut)
    @partner_blp.doc(security=PERSON)
    def get(self, query, partner_organization_id):
        """The calls for tenders delivered to the partner, newest first (status filter; closed = past deadline)."""
        return tenders.inbox(_access(), account_id(), partner_organization_id, query.get("status"),
                             query.get("cursor"), query["limit"])


@partner_blp.route("/<uuid:tender_id>")
class PartnerTender(MethodView):
    decorators = [person()]

    @partner_blp.response(200, PartnerTenderOut)
    @partner_blp.doc(security=PERSON)
    def get(self, partner_organization_id, tender_id):
        """One delivered call for tenders with the partner's own answer (404 if it was not delivered to it)."""
        return tenders.partner_tender(_access(), account_id(), partner_organization_id, tender_id)


@partner_blp.route("/<uuid:tender_id>/answers")
class Answers(MethodView):
    decorators = [person()]

    @partner_blp.arguments(AnswerIn)
    @partner_blp.response(201, AnswerOut)
    @partner_blp.doc(security=PERSON)
    def post(self, body, partner_organization_id, tender_id):
        """Answer (once: 409; only while open: 422 PA13) with a message and a price range."""
        return tenders.answer(_access(), account_id(), partner_organization_id, tender_id, body)


@partner_blp.route("/<uuid:tender_id>/award")
class Award(MethodView):
    decorators = [person()]

    @partner_blp.response(200, AwardOut)
    @partner_blp.doc(security=PERSON)
    def get(self, partner_organization_id, tender_id):
        """The pre-filled link request of a call the partner won (404 otherwise)."""
        return tenders.partner_award(_access(), account_id(), partner_organization_id, tender_id)


@partner_blp.route("/<uuid:tender_id>/award/confirm")
class AwardConfirm(MethodView):
    decorators = [person()]

    @partner_blp.arguments(ConfirmIn)
    @partner_blp.response(201, LinkOut)
    @partner_blp.doc(security=PERSON)
    def post(self, body, partner_organization_id, tender_id):
        """Confirm with provider_products_only true (422 PA13 otherwise): the real link request to the poster
        is made (a legal representative, as every link request: PA4) and returned."""
        return tenders.confirm_award(_access(), _orgs(), account_id(), partner_organization_id, tender_id, body)


# -- Staff -----------------------------------------------------------------------------------------

@staff_blp.route("")
class StaffTenders(MethodView):
    decorators = [staff()]

    @staff_blp.arguments(TendersQuery, location="query")
    @staff_blp.response(200, StaffTenderPageOut)
    @staff_blp.doc(security=STAFF)
    def get(self, query):
        """Every call for tenders, newest first, optionally of one status."""
        return tenders.staff_tenders(query.get("status"), query.get("cursor"), query["limit"])


@staff_blp.route("/<uuid:tender_id>/remove")
class StaffRemove(MethodView):
    decorators = [staff()]

    @staff_blp.arguments(RemoveIn)
    @staff_blp.response(200, StaffTenderOut)
    @staff_blp.doc(security=STAFF)
    def post(self, body, tender_id):
        """Remove an abusive call (with the reason): `removed`, gone from every inbox (409 if already)."""
        return tenders.remove(account_id(), tender_id, body["reason"])
