"""Billing settings: payment profiles (BI7) with one default, added with the provider's
sandbox test numbers in development; the billing addresses are in addresses.py."""
import re

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError

from ...apis import billing
from ...forms import Form
from ...navigation import safe_next
from . import bp
from .common import confirm, not_found, organization, render

METHODS = ("card", "postfinance", "paypal", "twint", "iban")
EXPIRY = re.compile(r"^(0[1-9]|1[0-2])\s*/\s*(\d{2}|\d{4})$")


def _profile(organization_id, profile_id):
    found = next((p for p in billing.payment_profiles(organization_id) if p["id"] == str(profile_id)), None)
    return found or not_found()


@bp.get("/billing/settings")
def invoices_settings():
    current = organization()
    return render("settings.html", organization=current, profiles=billing.payment_profiles(current["id"]),
                  addresses=billing.addresses(current["id"]))


def _expires(text):
    """"12/30" or "12/2030" as billing's "2030-12" (anything else is sent as typed: billing says no)."""
    match = EXPIRY.match((text or "").strip())
    if not match:
        return (text or "").strip()
    month, year = match.groups()
    return f"{'20' + year if len(year) == 2 else year}-{month}"


def _new_profile(form):
    """Only the fields of the chosen method (billing refuses the others)."""
    method = form["method"]
    if method == "card":
        return {"method": method, "card_number": re.sub(r"[\s-]", "", form["card_number"]),
                "expires": _expires(form["expires"])}
    if method == "iban":
        return {"method": method, "iban": form["iban"].strip()}
    return {"method": method, "account": form["account"].strip()}


@bp.route("/billing/settings/payment-profiles/new", methods=["GET", "POST"])
def invoices_settings_profile_add():
    current = organization()
    form = Form(request.form or None, method="card")
    if request.method == "POST":
        try:
            billing.add_payment_profile(current["id"], _new_profile(form))
        except DomainError as error:
            form.fail(error)
        else:
            flash(_("The payment profile was added."), "success")
            return redirect(safe_next(request.args.get("next"), url_for(".invoices_settings")), code=303)
    return render("profile_add.html", 200 if form.ok else 422, organization=current, form=form, methods=METHODS)


@bp.post("/billing/settings/payment-profiles/<uuid:profile_id>/default")
def invoices_settings_profile_default(profile_id):
    current = organization()
    billing.make_default_profile(current["id"], profile_id)
    flash(_("%(label)s is now the default payment profile.", label=_profile(current["id"], profile_id)["label"]),
          "success")
    return redirect(url_for(".invoices_settings"), code=303)


@bp.route("/billing/settings/payment-profiles/<uuid:profile_id>/removal", methods=["GET", "POST"])
def invoices_settings_profile_remove(profile_id):
    current = organization()
    label = _profile(current["id"], profile_id)["label"]
    return confirm(lambda: billing.remove_payment_profile(current["id"], profile_id), url_for(".invoices_settings"),
                   _("Remove %(label)s?", label=label),
                   _("%(label)s can no longer pay invoices or renew products automatically.", label=label),
                   _("Remove the payment profile"), _("%(label)s was removed.", label=label))
