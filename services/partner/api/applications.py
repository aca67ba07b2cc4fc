from flask.views import MethodView

from services.common.web import Blueprint, idempotent

from .. import applications
from ..schemas_applications import (ApplicationIn, ApplicationOut, ApplicationPageOut, ApplicationsQuery,
                                    ApplicationApprovalIn, PartnerOut, RejectionIn)
from .people import PERSON, STAFF, account_id, extension, person, setting, staff

blp = Blueprint("partner_applications", __name__, url_prefix="/v1/organizations/<uuid:organization_id>",
                description="PA1, PA3: an organization applies to the partner programme; its partner status. "
                            "As orgs' access check allows (partner.represent to apply, partner.manage to read).")
staff_blp = Blueprint("partner_application_review", __name__, url_prefix="/v1/applications",
                      description="PA1: the provider's staff review applications (user token with scope `staff`).")


@blp.route("/application")
class OrganizationApplication(MethodView):
    decorators = [person()]

    @idempotent
    @blp.arguments(ApplicationIn)
    @blp.response(201, ApplicationOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id):
        """PA1: apply (a company's legal representative); pending until staff decide. 422 PA1 for an
        individual, a register number failing its check or conditions not accepted; 422 PA3 for an
        affiliate; 409 while a pending or approved application exists. The website's reachability is
        recorded, not required: staff decide."""
        return applications.submit(extension("access_client"), extension("orgs_client"), extension("website_check"),
                                   {name: setting(name) for name in ("RESELLER_CONDITIONS_VERSION", "STAFF_EMAIL")},
                                   account_id(), organization_id, body)

    @blp.response(200, ApplicationOut)
    @blp.doc(security=PERSON)
    def get(self, organization_id):
        """The organization's latest application (administrators and legal representatives)."""
        return applications.latest(extension("access_client"), account_id(), organization_id)


@blp.route("/partner")
class OrganizationPartner(MethodView):
    decorators = [person()]

    @blp.response(200, PartnerOut)
    @blp.doc(security=PERSON)
    def get(self, organization_id):
        """The organization's partner status (404 when it is not a partner); any member may read it."""
        return applications.partner_of(extension("access_client"), account_id(), organization_id)


@staff_blp.route("")
class Applications(MethodView):
    decorators = [staff()]

    @staff_blp.arguments(ApplicationsQuery, location="query")
    @staff_blp.response(200, ApplicationPageOut)
    @staff_blp.doc(security=STAFF)
    def get(self, query):
        """Applications, newest first, optionally of one status; paged."""
        return applications.applications_page(query.get("status"), query.get("cursor"), query["limit"])


@staff_blp.route("/<uuid:application_id>")
class ApplicationById(MethodView):
    decorators = [staff()]

    @staff_blp.response(200, ApplicationOut)
    @staff_blp.doc(security=STAFF)
    def get(self, application_id):
        """One application, with what the website check saw and whether its number needs a manual review."""
        return applications.get_application(application_id)


@staff_blp.route("/<uuid:application_id>/approval")
class ApplicationApproval(MethodView):
    decorators = [staff()]

    @staff_blp.arguments(ApplicationApprovalIn)
    @staff_blp.response(200, ApplicationOut)
    @staff_blp.doc(security=STAFF)
    def post(self, body, application_id):
        """PA1: approve a pending application: the organization becomes a partner (422 PA3 if it became an
        affiliate meanwhile; 409 if already decided)."""
        return applications.approve(extension("orgs_client"), application_id, account_id())


@staff_blp.route("/<uuid:application_id>/rejection")
class ApplicationRejection(MethodView):
    decorators = [staff()]

    @staff_blp.arguments(RejectionIn)
    @staff_blp.response(200, ApplicationOut)
    @staff_blp.doc(security=STAFF)
    def post(self, body, application_id):
        """PA1: reject a pending application with a reason, mailed to its legal representatives."""
        return applications.reject(extension("orgs_client"), application_id, account_id(), body["reason"].strip())
