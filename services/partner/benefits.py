"""PA11: what a partner's standing gives it now, read by cashback and published to billing.

`benefits_of(partner_id, card)` answers from the partner's `Standing` row (kept by
threshold.py): benefits run unless the status is lapsed (PA2: they stop only when the grace
ends); the rate of a family is the rate card's at the partner's managed volume (the first
tier's while in grace below it).
"""
from dataclasses import dataclass
from fractions import Fraction

from services.common.clock import utcnow
from services.common.money import Money
from services.common.pricing import CATALOGUE_PRICED

from .models import Standing
from .threshold import effective_status


@dataclass(frozen=True)
class Benefits:
    active: bool
    volume: Money
    tier: object  # ratecard.Tier or None
    card: object  # ratecard.RateCard

    def rate(self, family):
        """The partner rate (Fraction percent) of `family`, None when it earns nothing or the
        family is priced by the catalogue (domain names)."""
        if not self.active or self.tier is None or family in CATALOGUE_PRICED:
            return None
        return self.tier.rates.get(family, Fraction(0))


def benefits_of(partner_id, card):
    standing = Standing.get_or_none(Standing.partner_organization_id == partner_id)
    if standing is None:
        return None
    active = effective_status(standing, utcnow()) != "lapsed"  # a grace past its end: lapsed, run or not
    # In warning and grace the volume may be below the first tier: the first tier's rates
    # still apply until the grace ends (PA2).
    tier = (card.tier(standing.volume) or card.tiers[0]) if active else None
    return Benefits(active=active, volume=standing.volume, tier=tier, card=card)
