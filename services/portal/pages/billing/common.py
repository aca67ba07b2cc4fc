"""What every billing page shares: the organization the person works in, the sub-navigation,
amounts typed in a form, dates from the API, idempotency keys and confirmation pages."""
import re
import uuid
from datetime import date, datetime

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from services.common.errors import NotFound
from services.common.i18n import N_
from services.common.money import Money

from ... import context, pages
from ..organizations.common import confirm  # noqa: F401  (the portal's one confirmation flow)
from . import bp
from .rights import billing_rights

# The sub-navigation: (endpoint, label, needs billing rights). A page belongs to the section
# whose endpoint its own extends (pages.current).
SECTIONS = [("billing.products", N_("Products"), False), ("billing.products_order", N_("Order"), True),
            ("billing.invoices", N_("Invoices"), True), ("billing.invoices_credit_notes", N_("Credit notes"), True),
            ("billing.prepaid", N_("Prepaid account"), True),
            ("billing.invoices_settings", N_("Billing settings"), True)]
AMOUNT = re.compile(r"^\d+(\.\d+)?$")


class NoOrganization(Exception):
    """The person belongs to no organization yet: billing has nothing to show."""


@bp.errorhandler(NoOrganization)
def _no_organization(_error):
    return redirect(url_for("organizations.current"), code=303)


def organization():
    """The organization the person works in (the switcher, ID11), with its currency and role."""
    found = context.current_organization()
    if found is None:
        raise NoOrganization()
    return found


def render(template, status=200, **values):
    current = values.pop("organization", None) or organization()
    form = values.get("form")
    if form is not None and not form.ok:  # refused: the next attempt is another request, with its own key
        form.values["idempotency_key"] = fresh_key()
    rights = billing_rights(current)
    sections = [(endpoint, label) for endpoint, label, needs in SECTIONS if rights or not needs]
    return render_template(f"billing/{template}", organization=current, billing_rights=rights,
                           billing_sections=sections, billing_section=pages.current(sections, request.endpoint),
                           **values), status


def amount(text, currency):
    """An amount typed by a person ("12.50", "12,50", "1'250.00", "1 250") as billing's Money
    shape; ValueError when it is not one."""
    cleaned = re.sub(r"[\s'’]", "", (text or "").strip()).replace(",", ".")
    if cleaned.count(".") > 1 or not AMOUNT.match(cleaned):
        raise ValueError(text)
    return Money.of(cleaned, currency).to_dict()


def amount_error():
    return _("Enter an amount such as 12.50.")


def key(form):
    """The Idempotency-Key a creating form was rendered with (a form sent twice acts once)."""
    return form.get("idempotency_key") or str(uuid.uuid4())


def fresh_key():
    return str(uuid.uuid4())


def absolute(endpoint, **values):
    """A portal URL another service sends the browser back to (3-D Secure's return_url)."""
    return current_app.config["SERVICE_URLS"]["portal"].rstrip("/") + url_for(endpoint, **values)


def selected(name="product_ids"):
    return [value for value in request.values.getlist(name) if value]


def not_found():
    raise NotFound("No such item.")


@bp.app_template_filter("iso")
def iso(value):
    """An API's ISO date or instant as a date or datetime, for the |date and |datetime filters."""
    if not value or isinstance(value, (date, datetime)):
        return value
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value.replace("Z", "+00:00"))
