"""PA15, PA3: joining and leaving the affiliate programme, and what an affiliate (and staff)
reads of it. Attribution and commissions: attribution.py; the monthly payouts: affiliate_runs.py.
docs/partner.md, "Affiliates (PA15)"."""
import peewee

from services.common import referrals
from services.common.clock import utcnow
from services.common.errors import Conflict, NotFound, RuleViolation
from services.common.paging import page

from . import affiliate_rules as rules, service
from .models import Affiliate, Application, Partner, db

_settings = {}
ALREADY = "The organization is in the affiliate programme already."


def configure(config):
    """AFFILIATE_COMMISSION_RATE (percent, default 10) checked at start: above 50 % stops the
    service (ValueError); the portal's URL (SERVICE_URLS["portal"], PORTAL_URL) makes the referral links."""
    text = str(config.get("AFFILIATE_COMMISSION_RATE", rules.DEFAULT_RATE))
    _settings.update(config=config, rate=rules.checked_rate(text), rate_text=rules.rate_text(text),
                     portal=config["SERVICE_URLS"]["portal"].rstrip("/"))


def settings():
    if not _settings:  # the operator CLI: from the environment the first time it is needed
        from .app import make_config
        configure(make_config())
    return _settings


def link_of(code):
    return f"{settings()['portal']}/r/{code}"


def join(access, orgs_client, account_id, organization_id):
    """PA15: the organization's legal representative joins; 422 PA3 for a partner (approved, or an
    application pending or approved), 409 when it joined already (an ended membership stays ended)."""
    access.require(account_id, "partner.represent", organization_id)
    organization = service.known_organization(orgs_client, organization_id)
    for attempt in range(5):  # a code drawn twice (1 in 10^12) is drawn again
        try:
            with db.atomic():
                _refuse_partners(organization_id)
                if Affiliate.get_or_none(Affiliate.organization_id == organization_id) is not None:
                    raise Conflict(ALREADY)
                return Affiliate.create(organization_id=organization_id, code=referrals.new_code(),
                                        currency=organization.currency, joined_by=account_id, joined_at=utcnow())
        except peewee.IntegrityError:
            if Affiliate.get_or_none(Affiliate.organization_id == organization_id) is not None:
                raise Conflict(ALREADY) from None
    raise RuntimeError("no free referral code after five draws")


def _refuse_partners(organization_id):
    partner = Partner.get_or_none(Partner.organization_id == organization_id)
    open_application = Application.select().where((Application.organization_id == organization_id)
                                                  & Application.status.in_(("pending", "approved"))).exists()
    if not rules.may_join(partner and partner.status, open_application):
        raise RuleViolation("PA3", "A partner (or an organization applying to be one) cannot be an affiliate.")


def leave(access, account_id, organization_id):
    """PA15: no new attributions from now on; commissions earned are still paid."""
    affiliate = mine(access, account_id, organization_id, "partner.represent")
    with db.atomic():
        Affiliate.update(status="ended", ended_at=utcnow()).where(
            (Affiliate.organization_id == organization_id) & (Affiliate.status == "active")).execute()
    return Affiliate.get_by_id(affiliate.organization_id)


def mine(access, account_id, organization_id, action="partner.manage"):
    """The organization's affiliate membership, for its legal representatives and administrators."""
    access.require(account_id, action, organization_id)
    affiliate = Affiliate.get_or_none(Affiliate.organization_id == organization_id)
    if affiliate is None or affiliate.code is None:
        raise NotFound("The organization is not an affiliate.")
    return affiliate


def for_staff(organization_id):
    """Staff read any affiliate (its referrals with their names included, PA15)."""
    affiliate = Affiliate.get_or_none(Affiliate.organization_id == organization_id)
    if affiliate is None or affiliate.code is None:
        raise NotFound("No such affiliate.")
    return affiliate


def name_of(organization_id):
    return service.organization_name(organization_id)


def staff_page(status=None, cursor=None, limit=50):
    query = Affiliate.select().where(Affiliate.code.is_null(False))
    if status:
        query = query.where(Affiliate.status == status)
    return page(query, Affiliate.joined_at, Affiliate.organization_id, cursor, limit)
