"""PX5: rebilling when the partner pays: its branding on the invoices it sends its clients
(name, address, VAT number, IBAN or QR-IBAN, currency, the prefix of its invoice numbers, a
PNG or JPEG logo of at most 200 kB) and its markup rules (per client and product family, a
percentage or a fixed amount per line, the rounding stated, effective from a date; the most
specific wins). billing decides: a rule may not take effect in a month already invoiced for
its client (PX5)."""
import base64

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError, NotFound

from ...apis import billing
from ...forms import Form
from ..billing.labels import GLOBALS as BILLING_NAMES
from . import bp
from .common import confirm, fail, fresh_key, key, optional, organization, render
from .markup import FAMILIES, ROUNDINGS, rule_of, rules_shown
from .money_common import clients

BRANDING = ("name", "street", "postal_code", "city", "country", "vat_number", "iban", "qr_iban", "currency",
            "number_prefix")
OPTIONAL = ("iban", "qr_iban")
CURRENCIES = ("CHF", "EUR")
LOGO_TYPES = ("image/png", "image/jpeg")
LOGO_MAX_BYTES = 200 * 1000  # PX5: 200 kB
family_name = BILLING_NAMES["family_name"]
RULE_FIELDS = {"client_organization_id": "client", "family": "family", "kind": "kind", "percent": "value",
               "amount": "value", "amount.amount": "value", "rounding": "rounding", "effective_from": "effective_from"}


def _branding(current):
    try:
        return billing.branding(current["id"])
    except NotFound:  # never saved: the organization's name and currency to start from
        return {"name": current.get("name"), "currency": current.get("currency") or "CHF", "number_prefix": "INV"}


def _page(branding_form=None, rule_form=None, status=200):
    current = organization()
    if rule_form is not None and not rule_form.ok:  # refused: the next attempt is another request
        rule_form.values["idempotency_key"] = fresh_key()
    branding = _branding(current)
    return render("rebilling.html", status, organization=current,
                  branding_form=branding_form or Form({k: branding.get(k) or "" for k in BRANDING}),
                  rule_form=rule_form or Form(idempotency_key=fresh_key(), kind="percent", rounding="0.05"),
                  logo_type=branding.get("logo_type"),
                  rules=rules_shown(optional(billing.markup_rules, current["id"]) or [], current),
                  clients=clients(current, payer="partner"), currency=branding.get("currency") or "CHF",
                  currencies=[(c, c) for c in CURRENCIES], families=[(code, family_name(code)) for code in FAMILIES],
                  roundings=[(step, _("to %(step)s", step=step)) for step in ROUNDINGS])


@bp.get("/partner/rebilling")
def rebilling():
    return _page()


def _logo(form, branding):
    """The logo chosen (PNG or JPEG, at most 200 kB: checked here first, billing checks the
    bytes) as billing takes it, base64; none chosen: billing keeps its own, or removes it."""
    upload = request.files.get("logo")
    if not upload or not upload.filename:
        if form.get("remove_logo") == "1":
            branding["logo"] = None
        return
    content = upload.read(LOGO_MAX_BYTES + 1)
    if upload.mimetype not in LOGO_TYPES or not content or len(content) > LOGO_MAX_BYTES:
        form.error("logo", _("Choose a PNG or JPEG image of at most 200 kB."))
        return
    branding["logo"] = base64.b64encode(content).decode()


@bp.post("/partner/rebilling/branding")
def rebilling_branding():
    current, form = organization(), Form(request.form)
    branding = {name: form[name].strip() for name in BRANDING}
    branding.update(country=branding["country"].upper(), number_prefix=branding["number_prefix"].upper() or "INV")
    branding.update({name: branding[name] or None for name in OPTIONAL})
    _logo(form, branding)
    if not form.ok:
        return _page(branding_form=form, status=422)
    try:
        billing.save_branding(current["id"], branding)
    except DomainError as error:
        return _page(branding_form=fail(form, error, {name: name for name in BRANDING}), status=422)
    flash(_("Your branding was saved: your next branded invoices carry it."), "success")
    return redirect(url_for(".rebilling"), code=303)


@bp.post("/partner/rebilling/rules")
def rebilling_rules():
    current, form = organization(), Form(request.form)
    rule = rule_of(form, current, _branding(current).get("currency") or current.get("currency") or "CHF")
    if not form.ok:
        return _page(rule_form=form, status=422)
    try:
        billing.add_markup_rule(current["id"], rule, key(form))
    except DomainError as error:
        return _page(rule_form=fail(form, error, RULE_FIELDS), status=422)
    flash(_("The markup rule was added: it applies from %(day)s.", day=rule["effective_from"]), "success")
    return redirect(url_for(".rebilling"), code=303)


@bp.route("/partner/rebilling/rules/<uuid:rule_id>/removal", methods=["GET", "POST"])
def rebilling_rules_remove(rule_id):
    current = organization()
    return confirm(lambda: billing.remove_markup_rule(current["id"], rule_id), url_for(".rebilling"),
                   _("Remove this markup rule?"),
                   _("It has not taken effect yet: the invoices of its clients keep the rules before it."),
                   _("Remove the rule"), _("The markup rule was removed."))
