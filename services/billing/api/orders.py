from flask.views import MethodView

from services.common.web import Blueprint, idempotent

from .. import orders, placement
from ..schemas_orders import (OrderIn, OrderItemIn, OrderOut, OrdersQuery, PlacementIn, PromotionCodeIn,
                              VerificationIn)
from .people import PERSON, caller, extension, person, setting

blp = Blueprint("billing_orders", __name__, url_prefix="/v1/organizations/<uuid:organization_id>/orders",
                description="Carts and orders: items, vouchers, promotion codes, placement, fraud hold "
                            "(BI10, BI11). Needs billing rights (billing.read / billing.manage; else 404, BI13).")


def _view(order):
    return orders.view(order, extension("catalogue"))


@blp.route("")
class Orders(MethodView):
    decorators = [person()]

    @blp.arguments(OrdersQuery, location="query")
    @blp.response(200, OrderOut(many=True))
    @blp.doc(security=PERSON)
    def get(self, query, organization_id):
        """The organization's orders, newest first (a JSON array)."""
        return [_view(o) for o in orders.list_orders(caller(), organization_id, query.get("status"))]

    @idempotent
    @blp.arguments(OrderIn)
    @blp.response(201, OrderOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id):
        """A new cart in the organization's currency; an optional `referral_code` (PA15) is kept with it."""
        return _view(orders.create_order(caller(), organization_id, body.get("referral_code")))


@blp.route("/<uuid:order_id>")
class OrderById(MethodView):
    decorators = [person()]

    @blp.response(200, OrderOut)
    @blp.doc(security=PERSON)
    def get(self, organization_id, order_id):
        """One order with its items priced."""
        return _view(orders.get_order(caller(), organization_id, order_id))


@blp.route("/<uuid:order_id>/items")
class OrderItems(MethodView):
    decorators = [person()]

    @blp.arguments(OrderItemIn)
    @blp.response(201, OrderOut)
    @blp.doc(security=PERSON)
    def post(self, item, organization_id, order_id):
        """Add a product to the cart, with a free voucher for its type if you have one (BI1, BI2, BI4, BI10)."""
        return _view(orders.add_item(caller(), organization_id, order_id, item, extension("catalogue")))


@blp.route("/<uuid:order_id>/items/<uuid:item_id>")
class OrderItem(MethodView):
    decorators = [person()]

    @blp.response(200, OrderOut)
    @blp.doc(security=PERSON)
    def delete(self, organization_id, order_id, item_id):
        """Take an item out of the cart (its voucher can be used again)."""
        return _view(orders.remove_item(caller(), organization_id, order_id, item_id))


@blp.route("/<uuid:order_id>/promotion-code")
class OrderPromotionCode(MethodView):
    decorators = [person()]

    @blp.arguments(PromotionCodeIn)
    @blp.response(200, OrderOut)
    @blp.doc(security=PERSON)
    def put(self, body, organization_id, order_id):
        """BI10: a promotion code at the end of the order (a cart with items)."""
        return _view(orders.set_promotion_code(caller(), organization_id, order_id, body["code"]))


@blp.route("/<uuid:order_id>/placement")
class OrderPlacement(MethodView):
    decorators = [person()]

    @idempotent
    @blp.arguments(PlacementIn)
    @blp.response(200, OrderOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id, order_id):
        """Place the order: its pro-forma (`invoice_id`) and the fraud check; `held` when flagged (BI11)."""
        order = placement.place(caller(), organization_id, order_id, body["billing_address_id"],
                                extension("catalogue"), setting("VAT_RATES"), extension("fraud_check"))
        return _view(order)


@blp.route("/<uuid:order_id>/verification")
class OrderVerification(MethodView):
    decorators = [person()]

    @blp.arguments(VerificationIn)
    @blp.response(200, OrderOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id, order_id):
        """BI11: the verification a held order awaits; it releases the order."""
        return _view(placement.verify(caller(), organization_id, order_id, body["document"]))
