"""PX5's markup rules as the rebilling page reads and writes them: the form turned into
billing's rule (ValueError-free: errors go beside the fields) and the rules named for the page."""
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from services.common import clock
from services.common.pricing import FAMILIES  # the catalogue's and the rate card's families

from ..billing.common import amount
from .money_common import clients, day

KINDS = ("percent", "amount")
ROUNDINGS = ("0.01", "0.05")  # PX5: the rounding is stated on each rule
MAX_PERCENT = Decimal(1000)


def _percent(text, form):
    try:
        value = Decimal((text or "").strip().replace(",", "."))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 < value <= MAX_PERCENT:
        form.error("value", _("Enter a percentage such as 12.5."))
        return None
    return str(value)


def rule_of(form, current, currency):
    """billing's markup rule from the form: {client_organization_id, family, kind, percent |
    amount, rounding, effective_from}; errors beside the fields of `form`."""
    own = dict(clients(current, payer="partner"))
    rule = {"client_organization_id": form["client"] or None, "family": form["family"] or None,
            "kind": form["kind"], "rounding": form["rounding"]}
    if rule["client_organization_id"] and rule["client_organization_id"] not in own:
        form.error("client", _("Choose one of your clients that you pay for."))
    if rule["family"] and rule["family"] not in FAMILIES:
        form.error("family", _("Choose a product family."))
    if rule["kind"] not in KINDS:
        form.error("kind", _("Choose a percentage or a fixed amount."))
    elif rule["kind"] == "percent":
        rule["percent"] = _percent(form["value"], form)
    else:
        try:
            rule["amount"] = amount(form["value"], currency)
        except ValueError:
            form.error("value", _("Enter an amount such as 12.50."))
    if rule["rounding"] not in ROUNDINGS:
        form.error("rounding", _("Choose how the price is rounded."))
    starts = day(form["effective_from"])
    if starts is None:
        form.error("effective_from", _("Enter a date such as 2026-12-31."))
    rule["effective_from"] = starts.isoformat() if starts else None
    return rule


def rules_shown(rules, current):
    """The rules with their client's name and whether they may still be removed (not yet in
    effect), the most specific first as billing applies them."""
    names = dict(clients(current))
    today = clock.today().isoformat()
    shown = [{**rule, "client_name": names.get(str(rule.get("client_organization_id") or ""), rule.get("client_name")),
              "removable": str(rule.get("effective_from") or "") > today} for rule in rules]
    return sorted(shown, key=lambda r: (not r.get("client_organization_id"), not r.get("family"),
                                        r.get("client_name") or "", r.get("family") or "",
                                        str(r.get("effective_from") or "")))
