"""The cart and its order (BI1, BI2, BI10, BI11): products picked from the catalogue with their
period, periods paid ahead and units, a free voucher next to a product, a promotion code at the
end, then placing the order and paying its pro-forma."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError, NotFound

from ... import referral
from ...apis import billing
from ...forms import Form
from . import bp
from .common import confirm, fresh_key, key, organization, render

ITEM_FIELDS = {"name": "name", "months": "months", "periods": "periods", "units": "units",
               "voucher_code": "voucher_code", "product_type": "product_type"}


def _cart(current):
    """The organization's open cart, if any (the newest)."""
    return next((o for o in reversed(billing.orders(current["id"])) if o["status"] == "cart"), None)


def _page(current, form=None, status=200, cart=None):
    orders = billing.orders(current["id"])
    cart = cart or next((o for o in reversed(orders) if o["status"] == "cart"), None)
    catalogue = billing.catalogue()["products"]
    held = [o for o in orders if o["status"] == "held"]
    return render("order.html", status, organization=current, cart=cart, catalogue=catalogue, held=held,
                  form=form or Form(idempotency_key=fresh_key()), addresses=billing.addresses(current["id"]),
                  types={t["id"]: t for t in catalogue})


@bp.get("/billing/order")
def products_order():
    return _page(organization())


def _item(form, kind):
    """What billing's POST /orders/{id}/items takes, from the form (numbers checked by billing)."""
    def number(name, default):
        text = (form.get(name) or "").strip()
        return int(text) if text.isdigit() else (text or default)
    item = {"product_type": kind["id"], "name": form["name"].strip(), "months": number("months", 12),
            "periods": number("periods", 1), "units": number("units", 1),
            "warranty": form.get("warranty") == "1", "auto_renew": form.get("auto_renew") == "1"}
    if form["voucher_code"].strip():
        item["voucher_code"] = form["voucher_code"].strip()
    return item


@bp.route("/billing/order/add", methods=["GET", "POST"])
def products_order_add():
    """One product of the catalogue into the cart (the cart is opened on the first one)."""
    current = organization()
    kind = next((t for t in billing.catalogue()["products"] if t["id"] == request.values.get("type")), None)
    if kind is None:
        raise NotFound("No such product type.")
    form = Form(request.form or None, months=str(kind["prices"][0]["months"]), periods="1", units="1",
                idempotency_key=fresh_key())
    if request.method == "POST":
        try:
            cart = _cart(current) or billing.new_cart(current["id"], key(form), referral.kept())
            billing.add_item(current["id"], cart["id"], _item(form, kind))
        except DomainError as error:
            form.fail(error, fields=ITEM_FIELDS)
        else:
            flash(_("%(name)s is in the cart.", name=form["name"].strip()), "success")
            return redirect(url_for(".products_order"), code=303)
    return render("order_add.html", 200 if form.ok else 422, organization=current, form=form, kind=kind)


@bp.route("/billing/order/<uuid:order_id>/items/<uuid:item_id>/removal", methods=["GET", "POST"])
def products_order_remove(order_id, item_id):
    current = organization()
    item = next((i for i in billing.order(current["id"], order_id)["items"] if i["id"] == str(item_id)), None)
    if item is None:
        raise NotFound("No such item.")
    return confirm(lambda: billing.remove_item(current["id"], order_id, item_id), url_for(".products_order"),
                   _("Remove %(name)s from the cart?", name=item["name"]),
                   _("%(name)s is taken out of the cart; a voucher chosen for it is free again.", name=item["name"]),
                   _("Remove from the cart"), _("%(name)s was removed from the cart.", name=item["name"]))


@bp.post("/billing/order/<uuid:order_id>/promotion-code")
def products_order_code(order_id):
    """BI10: a promotion code applies at the end of the order."""
    current, form = organization(), Form(request.form)
    try:
        billing.set_promotion_code(current["id"], order_id, form["promotion_code"].strip())
    except DomainError as error:
        return _page(current, form.fail(error, fields={"code": "promotion_code"}), 422)
    flash(_("The promotion code was applied."), "success")
    return redirect(url_for(".products_order"), code=303)


@bp.post("/billing/order/<uuid:order_id>/placement")
def products_order_place(order_id):
    """Placed: its pro-forma is paid next (paying starts the products). Held by the fraud check
    (BI11): it waits for the verification asked for."""
    current, form = organization(), Form(request.form)
    try:
        placed = billing.place_order(current["id"], order_id, form["billing_address_id"] or None, key(form))
    except DomainError as error:
        return _page(current, form.fail(error, fields={"billing_address_id": "billing_address_id"}), 422)
    if placed["status"] == "held":
        flash(_("Your order needs a verification before it can be paid: see below."), "info")
        return redirect(url_for(".products_order"), code=303)
    flash(_("Your order is placed. Pay its pro-forma invoice to start your products."), "success")
    return redirect(url_for(".invoices_detail", invoice_id=placed["invoice_id"]), code=303)


@bp.post("/billing/order/<uuid:order_id>/verification")
def products_order_verify(order_id):
    """BI11: without the verification, a held order is cancelled and refunded after 10 days."""
    current, form = organization(), Form(request.form)
    try:
        billing.verify_order(current["id"], order_id, form["document"].strip())
    except DomainError as error:
        return _page(current, form.fail(error), 422)
    flash(_("Thank you: the verification was sent."), "success")
    return redirect(url_for(".products_order"), code=303)
