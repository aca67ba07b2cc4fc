"""PA11 on the invoice: the partner discount of an order a partner places and pays itself.

An order placed through a partner delegation (the access check's `via`: kind "delegation", id
the link's id) for a client whose active link says the partner pays gets, on each line, the
partner discount: the public price of what the line charges less the partner price
(services/common/pricing.py: domain names at the catalogue's partner price, other families
reduced by the partner's rate for their family), only while the partner's benefits run
(billing's projection of partner.benefits.changed, partner_benefits.py). Any other order (the
client's own, a partner that does not pay, a lapsed partner) is not discounted: the partner earns
cashback instead, or nothing. Renewals are never discounted.

Every product line also records, for domain names, the catalogue's partner price of what it
charges (`catalogue_partner`), which billing.invoice.issued carries for partner's cashback.
"""
import uuid

from services.common import pricing
from services.common.money import Money

from .models import PayerRoute
from .partner_benefits import active_rates


def paying_partner_link(organization_id, ordered_by):
    """The active link through which a partner acted (`ordered_by`) for `organization_id` and
    pays for it, else None."""
    if (ordered_by or {}).get("via_kind") != "delegation":
        return None
    try:
        link_id = uuid.UUID(str(ordered_by.get("via_id")))
    except ValueError:
        return None
    return PayerRoute.get_or_none((PayerRoute.link_id == link_id) & (PayerRoute.client_organization_id == organization_id)
                                  & (PayerRoute.status == "active") & (PayerRoute.payer == "partner"))


def partner_rates(organization_id, ordered_by):
    """{family: rate} when the order gets the partner discount, else None."""
    link = paying_partner_link(organization_id, ordered_by)
    return active_rates(link.partner_organization_id) if link is not None else None


def catalogue_partner(product_type, months, currency, quantity):
    """Domain names: the catalogue's partner price of `quantity` periods of `months`; else None."""
    if product_type.family not in pricing.CATALOGUE_PRICED:
        return None
    try:
        unit = product_type.price(months, currency, partner=True)
    except KeyError:
        return None
    return unit.times(quantity, rounding=pricing.ROUNDING)


def discount(charged, family, rates, catalogue_partner_price=None):
    """PA11: what the partner discount takes off `charged` (the line's public price less what it
    does not charge, e.g. a free voucher's period): public − partner price; zero without benefits
    (`rates` None) or without a price for the family."""
    if rates is None:
        return Money.zero(charged.currency)
    if family in pricing.CATALOGUE_PRICED:
        if catalogue_partner_price is None:
            return Money.zero(charged.currency)
        return charged - pricing.partner_price(charged, 0, catalogue_partner_price)
    if family not in rates:
        return Money.zero(charged.currency)
    return charged - pricing.partner_price(charged, rates[family])


def for_items(priced, currency, rates):
    """{order item id: (partner discount, catalogue partner price)} of orders.priced_items rows."""
    reductions = {}
    for item, product_type, _unit, quantity, _free, net in priced:
        charged = quantity - (item.units if item.voucher_code else 0)  # BI10: a voucher frees the first period
        partner = catalogue_partner(product_type, item.months, currency, charged)
        reductions[item.id] = (discount(net, product_type.family, rates, partner), partner)
    return reductions
