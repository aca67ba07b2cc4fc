"""PA11: billing's projection of `partner.benefits.changed`: per partner, the benefits as of the
highest `version` seen (an older or repeated event changes nothing), read when a partner's own
order is discounted (partner_discount.py)."""
from peewee import IntegrityError

from services.common import clock

from .models import PartnerBenefit, db


def apply_benefits(data):
    """Record a partner's benefits when they are the first known or newer; True when applied."""
    partner = data["partner_organization_id"]
    fields = {"version": data["version"], "active": data["active"], "currency": data["currency"],
              "tier": data.get("tier"), "rates": dict(data["rates"]), "ratecard_version": data["ratecard_version"],
              "updated_at": clock.utcnow()}
    with db.atomic():
        if not PartnerBenefit.select().where(PartnerBenefit.partner_organization_id == partner).exists():
            try:
                with db.atomic():
                    PartnerBenefit.create(partner_organization_id=partner, **fields)
                return True
            except IntegrityError:  # another consumer recorded it meanwhile: compare versions
                pass
        return PartnerBenefit.update(**fields).where(
            (PartnerBenefit.partner_organization_id == partner) & (PartnerBenefit.version < fields["version"])
        ).execute() == 1


def active_rates(partner_organization_id):
    """{family: rate} of the partner's running benefits, or None when it has none (lapsed, or
    never announced)."""
    known = PartnerBenefit.get_or_none(PartnerBenefit.partner_organization_id == partner_organization_id)
    return dict(known.rates) if known is not None and known.active else None
