"""Placing an order (BI10, BI11): its pro-forma (a draft invoice: one line per item with its
period, a discount line for the promotion code, VAT by the billing address's country) and the
fraud check. A flagged order is held; its verification releases it. Paying the pro-forma
(payments) issues it and starts the products (settlement.py). A partner that places an order for
a client it pays for gets its partner discount on the lines (PA11, partner_discount.py), before
the promotion code, which then reduces what is left (reductions multiply)."""
from collections import defaultdict

from services.common import clock
from services.common.errors import Conflict, RuleViolation
from services.common.money import Money

from . import addresses, invoicing, orders, partner_discount, payers, settlement, terms
from . import order_rules as rules
from .models import Order, PromotionCode, db


def place(caller, organization_id, order_id, billing_address_id, catalogue, vat_rates, fraud_check):
    ordered_by = caller.billing(organization_id, "billing.manage")
    order = orders.cart(organization_id, order_id)
    address = addresses.chosen(organization_id, billing_address_id)
    priced = orders.priced_items(order, catalogue)
    if not priced:
        raise Conflict("An empty cart cannot be placed: add a product first.")
    rates = partner_discount.partner_rates(organization_id, ordered_by)  # PA11: None unless a partner pays
    subtotal = _subtotal(order, priced, partner_discount.for_items(priced, order.currency, rates))
    # Asked before the transaction: a real fraud check is a remote call.
    verdict = fraud_check.assess({"names": [row[0].name for row in priced], "address": addresses.snapshot(address),
                                  "amount": subtotal - orders.discount(order, subtotal)})
    now = clock.utcnow()
    with db.atomic():
        order = orders.cart(organization_id, order_id)
        priced = orders.priced_items(order, catalogue)
        reductions = partner_discount.for_items(priced, order.currency, rates)
        subtotal = _subtotal(order, priced, reductions)
        discount = orders.discount(order, subtotal)
        if order.promotion_code:
            _use_promotion(order)
        payer = payers.paying_organization(organization_id)  # PA8: the partner, when it pays
        buyer = payers.invoice_address(organization_id, payer, address)
        invoice = invoicing.create_draft(payer, order.currency, _lines(order, priced, reductions, discount), vat_rates,
                                         addresses.country(buyer), addresses.snapshot(buyer), order.id)
        invoice.ordered_by = ordered_by
        invoice.save()
        status = "held" if verdict.flagged else "placed"
        changed = Order.update(
            status=status, placed_at=now, held_at=now if verdict.flagged else None, fraud_reason=verdict.reason,
            invoice_id=invoice.id, discount_minor=discount.minor, billing_address_id=address and address.id,
            ordered_by=ordered_by["account_id"], ordered_via_kind=ordered_by["via_kind"],
            ordered_via_id=ordered_by["via_id"]).where((Order.id == order.id) & (Order.status == "cart")).execute()
        if changed != 1:
            raise Conflict("The order was placed meanwhile.")
    return Order.get_by_id(order.id)


def _use_promotion(order):
    """BI10: the code counts one use when the order is placed, never beyond its maximum."""
    promotion = PromotionCode.get_or_none(PromotionCode.code == order.promotion_code)
    rules.check_promotion(promotion, order.currency, clock.today(), True)
    used = PromotionCode.update(uses=PromotionCode.uses + 1).where(
        (PromotionCode.code == promotion.code)
        & (PromotionCode.max_uses.is_null() | (PromotionCode.uses < PromotionCode.max_uses))).execute()
    if used != 1:
        raise RuleViolation("BI10", "This promotion code is not valid (any more).")


def _subtotal(order, priced, reductions):
    """What the items charge after their partner discounts: what a promotion code reduces."""
    return Money.sum((net - reductions[item.id][0] for item, *_rest, net in priced), order.currency)


def _lines(order, priced, reductions, discount):
    """One line per item (its periods from today; a partner discount shown on it, PA11), then
    the promotion's discount spread over the VAT categories it reduces (BI14)."""
    today, lines, nets = clock.today(), [], defaultdict(lambda: Money.zero(order.currency))
    for item, product_type, unit, quantity, free, net in priced:
        units = f", {item.units} units" if item.units > 1 else ""
        partner, catalogue_partner = reductions[item.id]
        reduced = f"; partner discount {partner.currency} {partner}" if partner.minor else ""
        lines.append({"kind": "order", "description": f"{product_type.name}: {item.name} "
                                                      f"({item.periods} × {item.months} months{units}){reduced}"[:300],
                      "unit_price": unit, "quantity": quantity, "discount": free + partner,
                      "partner_discount": partner, "catalogue_partner": catalogue_partner,
                      "vat_category": product_type.vat_category,
                      "order_item_id": item.id, "product_type": product_type.id, "period_start": today,
                      "period_end": terms.add_months(today, item.months * item.periods)})
        nets[product_type.vat_category] += net - partner
    for category, part in rules.split_discount(discount, nets).items():
        lines.append({"kind": "discount", "description": f"Promotion code {order.promotion_code}",
                      "unit_price": -part, "quantity": 1, "vat_category": category})
    return lines


def verify(caller, organization_id, order_id, document):
    """BI11: the requested verification of a held order releases it; paid already, its
    products start now."""
    caller.billing(organization_id, "billing.manage")
    with db.atomic():
        order = orders.find(organization_id, order_id)
        released = Order.update(status="placed", verified_at=clock.utcnow(), verification=document).where(
            (Order.id == order.id) & (Order.status == "held")).execute()
        if released != 1:
            raise Conflict(f"The order is {order.status}: only a held order awaits a verification.")
        order = Order.get_by_id(order.id)
        if order.paid_at is not None:
            settlement.start_order(order)
    return Order.get_by_id(order.id)
