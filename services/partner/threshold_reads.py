"""What the threshold endpoints read (PA2, PA11): a partner's standing as it is now, the rate card."""
from services.common.clock import utcnow
from services.common.errors import NotFound

from . import threshold, volume
from .models import Partner, Standing


def standing_of(access, account_id, partner_id):
    """The partner's threshold view; `access` None: staff reading."""
    if access is not None:
        access.require(account_id, "partner.manage", partner_id)
    standing = Standing.get_or_none(Standing.partner_organization_id == partner_id)
    if standing is None:
        if not Partner.select().where(Partner.organization_id == partner_id).exists():
            raise NotFound("No such partner.")
        # A partner no event concerned yet: lapsed (never reached), nothing managed.
        standing = Standing(partner_organization_id=partner_id, currency=volume.currency_of(partner_id),
                            volume_minor=0, status="lapsed", since=None, version=0)
    return threshold.view(standing, utcnow())


def rate_card():
    card = threshold.card()
    return {"version": card.version, "tiers": [
        {"name": tier.name, "starts": {currency: format(money.amount, "f") for currency, money in tier.starts.items()},
         "rates": card.rates(tier.starts["CHF"])} for tier in card.tiers]}
