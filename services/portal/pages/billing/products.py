"""Products (BI1-BI4, BI12): the list with status and expiry; renewing one or several for some
periods in one invoice; automatic renewal and warranty on or off for several at once;
cancelling one after a confirmation."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError
from services.common.i18n import N_

from ...apis import billing
from ...forms import Form
from . import bp
from .common import confirm, fresh_key, key, organization, render, selected

OPTIONS = {  # the list's buttons: (API call, enabled, what is said after)
    "auto_renew_on": (billing.set_auto_renewal, True, N_("Automatic renewal is now on for the ticked products.")),
    "auto_renew_off": (billing.set_auto_renewal, False, N_("Automatic renewal is now off for the ticked products.")),
    "warranty_on": (billing.set_warranty, True, N_("The renewal warranty is now on for the ticked products.")),
    "warranty_off": (billing.set_warranty, False, N_("The renewal warranty is now off for the ticked products.")),
}


def _list(form=None, status=200):
    current = organization()
    chosen = request.args.get("status") or None
    return render("products.html", status, organization=current, form=form or Form(),
                  products=billing.products(current["id"], status=chosen), status_filter=chosen or "")


@bp.get("/billing/products")
def products():
    return _list()


@bp.post("/billing/products")
def products_options():
    """One form, several buttons: renew the ticked products, or switch an option for all of them."""
    form, ids, action = Form(request.form), selected(), request.form.get("action", "")
    if not ids:
        return _list(form.error("product_ids", _("Tick at least one product.")), 422)
    if action == "renew":
        return redirect(url_for(".products_renew", product_id=ids), code=303)
    if action not in OPTIONS:
        return _list(form.error("product_ids", _("Choose what to do with the ticked products.")), 422)
    call, enabled, done = OPTIONS[action]
    try:
        call(organization()["id"], ids, enabled)
    except DomainError as error:
        return _list(form.fail(error, fields={"product_ids": "product_ids"}), 422)
    flash(_(done), "success")
    return redirect(url_for(".products"), code=303)


def _renewable(current, ids):
    """The chosen products with how many periods each may be paid ahead (the catalogue's)."""
    types = {t["id"]: t for t in billing.catalogue()["products"]}
    chosen = [billing.product(current["id"], product_id) for product_id in ids]
    for product in chosen:
        renewal = (types.get(product["type"]) or {}).get("renewal") or {}
        product["max_periods"] = renewal.get("max_periods") or 1
    return chosen


@bp.route("/billing/products/renewal", methods=["GET", "POST"])
def products_renew():
    current, ids = organization(), selected("product_id")
    if not ids:
        return redirect(url_for(".products"), code=303)
    chosen = _renewable(current, ids)
    form = Form(request.form or None, idempotency_key=fresh_key(),
                **{f"periods-{p['id']}": "1" for p in chosen}, billing_address_id=_default_address(current))
    if request.method == "POST":
        items = [{"product_id": p["id"], "periods": int(form[f"periods-{p['id']}"] or 1)} for p in chosen]
        try:
            invoice = billing.renew(current["id"], items, form["billing_address_id"] or None, key(form))
        except DomainError as error:
            form.fail(error, fields={"billing_address_id": "billing_address_id"})
        else:
            flash(_("The renewal invoice is ready: pay it to renew."), "success")
            return redirect(url_for(".invoices_detail", invoice_id=invoice["id"]), code=303)
    return render("renew.html", 200 if form.ok else 422, organization=current, form=form, products=chosen,
                  addresses=billing.addresses(current["id"]))


def _default_address(current):
    try:
        return next((a["id"] for a in billing.addresses(current["id"]) if a.get("is_default")), "")
    except DomainError:  # no billing rights: billing's own default applies
        return ""


@bp.route("/billing/products/<uuid:product_id>/cancellation", methods=["GET", "POST"])
def products_cancel(product_id):
    """BI12: confirmed first; what is already due stays due; the other administrators are told."""
    current = organization()
    product = billing.product(current["id"], product_id)
    return confirm(lambda: billing.cancel_product(current["id"], product_id), url_for(".products"),
                   _("Cancel %(name)s?", name=product["name"]),
                   _("%(name)s stops at once and is not renewed. Charges already due remain due; the other "
                     "administrators are told by email.", name=product["name"]),
                   _("Cancel the product"), _("%(name)s was cancelled.", name=product["name"]))
