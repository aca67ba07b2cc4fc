"""Billing settings: billing addresses (BI9), one the default, another chosen per renewal."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError

from ...apis import billing
from ...forms import Form
from . import bp
from .common import confirm, not_found, organization, render

FIELDS = ("label", "name", "street", "postal_code", "city", "country", "vat_number", "email")


def _address(organization_id, address_id):
    found = next((a for a in billing.addresses(organization_id) if a["id"] == str(address_id)), None)
    return found or not_found()


def _values(form, old=None):
    """The fields typed; optional ones left empty are sent as null (or left out when adding)."""
    values = {name: form[name].strip() for name in FIELDS}
    values["country"] = values["country"].upper()
    for optional in ("vat_number", "email"):
        if not values[optional]:
            values[optional] = None
    if old is None:
        return {k: v for k, v in values.items() if v is not None}
    return {k: v for k, v in values.items() if v != old.get(k)}


def _edit(current, form, save, old=None):
    if request.method == "POST":
        try:
            save(_values(form, old))
        except DomainError as error:
            form.fail(error)
        else:
            flash(_("The billing address was saved."), "success")
            return redirect(url_for(".invoices_settings"), code=303)
    return render("address.html", 200 if form.ok else 422, organization=current, form=form, address=old)


@bp.route("/billing/settings/addresses/new", methods=["GET", "POST"])
def invoices_settings_address_add():
    current = organization()
    form = Form(request.form or None, country="CH", name=current["name"])
    return _edit(current, form, lambda values: billing.add_address(current["id"], values))


@bp.route("/billing/settings/addresses/<uuid:address_id>", methods=["GET", "POST"])
def invoices_settings_address_edit(address_id):
    current = organization()
    old = _address(current["id"], address_id)
    form = Form(request.form or None, **{name: old.get(name) or "" for name in FIELDS})
    return _edit(current, form, lambda values: billing.update_address(current["id"], address_id, values), old)


@bp.post("/billing/settings/addresses/<uuid:address_id>/default")
def invoices_settings_address_default(address_id):
    current = organization()
    billing.make_default_address(current["id"], address_id)
    flash(_("The default billing address was changed."), "success")
    return redirect(url_for(".invoices_settings"), code=303)


@bp.route("/billing/settings/addresses/<uuid:address_id>/removal", methods=["GET", "POST"])
def invoices_settings_address_remove(address_id):
    current = organization()
    old = _address(current["id"], address_id)
    name = old.get("label") or old["name"]
    return confirm(lambda: billing.remove_address(current["id"], address_id), url_for(".invoices_settings"),
                   _("Remove the address %(name)s?", name=name),
                   _("Invoices already issued keep it; it can no longer be chosen."), _("Remove the address"),
                   _("The address %(name)s was removed.", name=name))
