"""Carts and orders (BI10): an order is a cart of items in the organization's currency until
placed (placement.py). Vouchers are chosen next to their product; a promotion code comes at
the end, on a cart with items. `view` prices an order for its answer."""
from services.common import clock
from services.common.db import get_or_not_found
from services.common.errors import Conflict, RuleViolation
from services.common.money import Money

from . import order_rules as rules
from . import payers, renewals
from .models import BillingAccount, InvoiceLine, Order, OrderItem, PromotionCode, Voucher, db

def find(organization_id, order_id):
    return get_or_not_found(Order, Order.organization_id == organization_id, Order.id == order_id,
                            detail="No such order.")


def cart(organization_id, order_id):
    order = find(organization_id, order_id)
    if order.status != "cart":
        raise Conflict(f"The order is {order.status}: only a cart can change.")
    return order


def create_order(caller, organization_id, referral_code=None):
    """A new, empty cart in the organization's currency, with the affiliate code it came with (PA15)."""
    ordered_by = caller.billing(organization_id, "billing.manage")
    account = get_or_not_found(BillingAccount, BillingAccount.organization_id == organization_id,
                               detail="No billing account for this organization.")
    with db.atomic():
        return Order.create(organization_id=organization_id, currency=account.currency,
                            ordered_by=ordered_by["account_id"], referral_code=referral_code)


def list_orders(caller, organization_id, status=None):
    caller.billing(organization_id, "billing.read")
    query = Order.select().where(Order.organization_id == organization_id)
    if status:
        query = query.where(Order.status == status)
    return list(query.order_by(Order.created_at.desc()))


def get_order(caller, organization_id, order_id):
    caller.billing(organization_id, "billing.read")
    return find(organization_id, order_id)


def add_item(caller, organization_id, order_id, item, catalogue):
    """BI1, BI2, BI4, BI10: one product in the cart, with its free voucher if it has one."""
    caller.billing(organization_id, "billing.manage")
    product_type = catalogue.get(item["product_type"])
    if product_type is None:
        raise RuleViolation("BI1", f"{item['product_type']!r} is not in the catalogue.")
    name = rules.product_name(product_type, item["name"])
    rules.check_item(product_type, item["months"], item["periods"], item["units"], item["warranty"])
    if item["auto_renew"] and renewals.default_card(payers.paying_organization(organization_id)) is None:
        raise RuleViolation("BI3", "Automatic renewal needs a Visa or MasterCard card as the default payment profile.")
    with db.atomic():
        order = cart(organization_id, order_id)
        position = (OrderItem.select().where(OrderItem.order == order).count()) + 1
        added = OrderItem.create(order=order, position=position, product_type=product_type.id, name=name,
                                 months=item["months"], periods=item["periods"], units=item["units"],
                                 warranty=item["warranty"], auto_renew=item["auto_renew"])
        code = item.get("voucher_code")
        if code:
            _take_voucher(code.strip().upper(), added, product_type)
    return order


def _take_voucher(code, item, product_type):
    voucher = Voucher.get_or_none(Voucher.code == code)
    if voucher is None:
        raise RuleViolation("BI10", "No such voucher.")
    rules.check_voucher(voucher.product_type, voucher.months, voucher.valid_until, voucher.used_by_item,
                        product_type, item.months, clock.today())
    taken = Voucher.update(used_by_item=item.id).where(
        (Voucher.code == code) & Voucher.used_by_item.is_null()).execute()
    if taken != 1:
        raise RuleViolation("BI10", "This voucher has expired or was already used.")
    OrderItem.update(voucher_code=code).where(OrderItem.id == item.id).execute()


def remove_item(caller, organization_id, order_id, item_id):
    """Take an item out of the cart; its voucher is free again, and an empty cart loses its code."""
    caller.billing(organization_id, "billing.manage")
    with db.atomic():
        order = cart(organization_id, order_id)
        item = get_or_not_found(OrderItem, OrderItem.order == order, OrderItem.id == item_id,
                                detail="No such item in this order.")
        Voucher.update(used_by_item=None).where(Voucher.used_by_item == item.id).execute()
        item.delete_instance()
        if not OrderItem.select().where(OrderItem.order == order).exists():
            order.promotion_code = None
            order.save()
    return order


def set_promotion_code(caller, organization_id, order_id, code):
    """BI10: a promotion code at the end of the order: only on a cart with items."""
    caller.billing(organization_id, "billing.manage")
    with db.atomic():
        order = cart(organization_id, order_id)
        promotion = PromotionCode.get_or_none(PromotionCode.code == code.strip().upper())
        has_items = OrderItem.select().where(OrderItem.order == order).exists()
        rules.check_promotion(promotion, order.currency, clock.today(), has_items)
        order.promotion_code = promotion.code
        order.save()
    return order


def priced_items(order, catalogue):
    """[(item, product type, unit price, quantity, free, net)] of the order, at catalogue prices."""
    priced = []
    for item in order.items.order_by(OrderItem.position):
        product_type = catalogue.get(item.product_type)
        priced.append((item, product_type, *rules.item_price(product_type, order.currency, item.months, item.periods,
                                                             item.units, voucher=bool(item.voucher_code))))
    return priced


def discount(order, subtotal):
    """What the order's promotion code takes off `subtotal` (BI10); placed orders keep theirs."""
    if order.status != "cart":
        return order.discount
    promotion = PromotionCode.get_or_none(PromotionCode.code == order.promotion_code) if order.promotion_code else None
    if promotion is None:
        return Money.zero(order.currency)
    amount = Money(promotion.amount_minor, order.currency) if promotion.amount_minor is not None else None
    return rules.promotion_discount(subtotal, promotion.percent, amount)


def _partner_discounts(order):
    """{item id: partner discount} of a placed order, from its pro-forma's lines (PA11)."""
    if order.invoice_id is None:
        return {}
    lines = InvoiceLine.select(InvoiceLine.order_item_id, InvoiceLine.partner_discount_minor).where(
        (InvoiceLine.invoice == order.invoice_id) & (InvoiceLine.partner_discount_minor != 0))
    return {line.order_item_id: Money(line.partner_discount_minor, order.currency) for line in lines}


def view(order, catalogue):
    """The order as its answer shows it: items priced, subtotal, discount and net before VAT."""
    priced = priced_items(order, catalogue)
    reduced = _partner_discounts(order)
    items = [{**item.__data__, "id": item.id, "family": product_type.family, "unit_price": unit, "free": free,
              "partner_discount": reduced.get(item.id, Money.zero(order.currency)),
              "net": net - reduced.get(item.id, Money.zero(order.currency))}
             for item, product_type, unit, _quantity, free, net in priced]
    subtotal = Money.sum((row["net"] for row in items), order.currency)
    taken = discount(order, subtotal)
    return {**order.__data__, "items": items, "subtotal": subtotal, "discount": taken, "net": subtotal - taken,
            "verification_required": order.status == "held" and order.verified_at is None}
