"""PA15, PA3: the affiliate programme: join, the dashboard, referrals, commissions, payouts;
staff's list. As orgs' access check allows: partner.represent (the legal representative) to
join or leave, partner.manage to read."""
from flask.views import MethodView

from services.common.web import Blueprint, idempotent

from .. import affiliate_reads as reads, affiliates
from ..schemas_affiliates import (AffiliateIn, AffiliateOut, CommissionPageOut, DashboardOut, PageQuery,
                                  PayoutPageOut, ReferralPageOut, StaffAffiliatePageOut, StaffQuery)
from .people import PERSON, STAFF, account_id, extension, person, staff

blp = Blueprint("partner_affiliates", __name__, url_prefix="/v1/affiliates",
                description="PA15, PA3: individuals and companies that are not partners earn a commission on "
                            "the paid invoices of the organizations they referred, for 365 days.")
staff_blp = Blueprint("partner_affiliates_staff", __name__, url_prefix="/v1/staff/affiliates",
                      description="PA15: the provider's staff list the affiliates (scope `staff`).")


def _out(affiliate):
    affiliate.link, affiliate.rate = affiliates.link_of(affiliate.code), affiliates.settings()["rate_text"]
    return affiliate


def _mine(organization_id):
    return affiliates.mine(extension("access_client"), account_id(), organization_id)


@blp.route("")
class Affiliates(MethodView):
    decorators = [person()]

    @idempotent
    @blp.arguments(AffiliateIn)
    @blp.response(201, AffiliateOut)
    @blp.doc(security=PERSON)
    def post(self, body):
        """PA15: join (the organization's legal representative): a referral code and link. 422 PA3 for
        a partner or an organization with a pending or approved application; 409 when it joined already."""
        return _out(affiliates.join(extension("access_client"), extension("orgs_client"), account_id(),
                                    body["organization_id"]))


@blp.route("/<uuid:organization_id>")
class AffiliateDashboard(MethodView):
    decorators = [person()]

    @blp.response(200, DashboardOut)
    @blp.doc(security=PERSON)
    def get(self, organization_id):
        """The dashboard: code, link, rate, referrals, balance, payouts and the last 12 months."""
        affiliate = _mine(organization_id)
        return reads.dashboard(affiliate, affiliates.link_of(affiliate.code), affiliates.settings()["rate_text"])


@blp.route("/<uuid:organization_id>/leave")
class AffiliateLeave(MethodView):
    decorators = [person()]

    @blp.response(200, AffiliateOut)
    @blp.doc(security=PERSON)
    def post(self, organization_id):
        """PA15: leave (legal representative): no new attributions; commissions earned are still paid."""
        return _out(affiliates.leave(extension("access_client"), account_id(), organization_id))


@blp.route("/<uuid:organization_id>/referrals")
class AffiliateReferrals(MethodView):
    decorators = [person()]

    @blp.arguments(PageQuery, location="query")
    @blp.response(200, ReferralPageOut)
    @blp.doc(security=PERSON)
    def get(self, query, organization_id):
        """The organizations referred, newest first: name, source, when, until when, converted, commission."""
        return reads.referrals(_mine(organization_id), query.get("cursor"), query["limit"])


@blp.route("/<uuid:organization_id>/commissions")
class AffiliateCommissions(MethodView):
    decorators = [person()]

    @blp.arguments(PageQuery, location="query")
    @blp.response(200, CommissionPageOut)
    @blp.doc(security=PERSON)
    def get(self, query, organization_id):
        """Commissions (on paid invoices) and their reversals (credit notes), newest first."""
        return reads.commissions(_mine(organization_id), query.get("cursor"), query["limit"])


@blp.route("/<uuid:organization_id>/payouts")
class AffiliatePayouts(MethodView):
    decorators = [person()]

    @blp.arguments(PageQuery, location="query")
    @blp.response(200, PayoutPageOut)
    @blp.doc(security=PERSON)
    def get(self, query, organization_id):
        """The monthly payouts credited to the prepaid account, newest first."""
        return reads.payouts(_mine(organization_id), query.get("cursor"), query["limit"])


@staff_blp.route("")
class StaffAffiliates(MethodView):
    decorators = [staff()]

    @staff_blp.arguments(StaffQuery, location="query")
    @staff_blp.response(200, StaffAffiliatePageOut)
    @staff_blp.doc(security=STAFF)
    def get(self, query):
        """Every affiliate, newest first, optionally of one status; paged."""
        found = affiliates.staff_page(query.get("status"), query.get("cursor"), query["limit"])
        for affiliate in found["items"]:
            _out(affiliate).name = affiliates.name_of(affiliate.organization_id)
        return found


@staff_blp.route("/<uuid:organization_id>")
class StaffAffiliate(MethodView):
    decorators = [staff()]

    @staff_blp.response(200, DashboardOut)
    @staff_blp.doc(security=STAFF)
    def get(self, organization_id):
        """One affiliate's dashboard, as the affiliate sees it."""
        affiliate = affiliates.for_staff(organization_id)
        return reads.dashboard(affiliate, affiliates.link_of(affiliate.code), affiliates.settings()["rate_text"])


@staff_blp.route("/<uuid:organization_id>/referrals")
class StaffAffiliateReferrals(MethodView):
    decorators = [staff()]

    @staff_blp.arguments(PageQuery, location="query")
    @staff_blp.response(200, ReferralPageOut)
    @staff_blp.doc(security=STAFF)
    def get(self, query, organization_id):
        """One affiliate's referrals (PA15: the affiliate and staff alone see them)."""
        return reads.referrals(affiliates.for_staff(organization_id), query.get("cursor"), query["limit"])
