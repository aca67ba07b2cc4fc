"""The terms of a link as a form (PA5, PA8, PX1): limited access (rights per product of the
organization, from billing) or full access (billing entrusted or not), who pays, an end date
with automatic extension. From a link to the form's values, and from the form to the API's
shapes; what cannot be sent is marked next to its field."""
from flask_babel import gettext as _

from services.common import clock
from services.common.errors import DomainError

from ...apis import billing
from .common import end_instant, moment

SCOPES = ("limited", "full")
PAYERS = ("client", "partner")
RIGHTS = ("technical", "statistics")
HIDDEN_STATUSES = ("terminated", "cancelled")


def products(organization_id, scope=None):
    """The organization's products a scope can name (and any the scope already names)."""
    named = set((scope or {}).get("products") or {})
    try:
        found = billing.products(organization_id)
    except DomainError:
        found = []
    return [p for p in found if p.get("status") not in HIDDEN_STATUSES or p["id"] in named]


def values(terms):
    """A link's (or its request's) terms as the form's values."""
    terms = terms or {}
    ends = moment(terms.get("ends_at"))
    out = {"scope": terms.get("scope") or "limited", "billing": "1" if terms.get("billing") else "",
           "payer": terms.get("payer") or "client", "ends_on": ends.date().isoformat() if ends else "",
           "auto_extend": "1" if terms.get("auto_extend") else ""}
    for product_id, rights in (terms.get("products") or {}).items():
        out.update({f"{right}-{product_id}": "1" for right in RIGHTS if rights.get(right)})
    return out


def scope(form, chosen_products):
    """{"scope", "products", "billing"} from the form, or None (the form says why)."""
    if form["scope"] not in SCOPES:
        form.error("scope", _("Choose limited or full access."))
        return None
    if form["scope"] == "full":
        return {"scope": "full", "billing": form["billing"] == "1"}
    rights = {p["id"]: {right: form[f"{right}-{p['id']}"] == "1" for right in RIGHTS} for p in chosen_products}
    rights = {product_id: r for product_id, r in rights.items() if any(r.values())}
    if not rights:
        form.error("products", _("Tick at least one right on one product."))
        return None
    return {"scope": "limited", "products": rights, "billing": False}


def payer(form):
    if form["payer"] not in PAYERS:
        form.error("payer", _("Choose who pays."))
        return None
    return form["payer"]


def end(form):
    """(ends_at or None, auto_extend) from the form; a date not in the future is refused here."""
    auto_extend = form["auto_extend"] == "1"
    if not form["ends_on"].strip():
        return None, auto_extend
    try:
        ends_at = end_instant(form["ends_on"])
    except ValueError:
        form.error("ends_on", _("Enter a date as YYYY-MM-DD."))
        return None, auto_extend
    if ends_at[:10] <= clock.today().isoformat():
        form.error("ends_on", _("Choose a date after today."))
    return ends_at, auto_extend


def all_terms(form, chosen_products):
    """The whole terms of an approval or an authorization: {scope, payer, ends_at, auto_extend}."""
    chosen_scope, chosen_payer = scope(form, chosen_products), payer(form)
    ends_at, auto_extend = end(form)
    terms = {"scope": chosen_scope, "payer": chosen_payer, "auto_extend": auto_extend}
    if ends_at:
        terms["ends_at"] = ends_at
    return terms


FIELDS = {"scope.scope": "scope", "scope.products": "products", "scope.billing": "billing", "scope": "scope",
          "products": "products", "billing": "billing", "payer": "payer", "ends_at": "ends_on",
          "auto_extend": "auto_extend"}
