"""What every partner page shares: the organization the person works in (the partner), its
sub-navigation, and the forms' helpers of the billing slice (idempotency keys, dates)."""
import os
from datetime import date

from flask import current_app, redirect, render_template, request, url_for

from services.common.errors import DomainError, NotFound
from services.common.i18n import N_

from ... import pages
from ...apis import partner
from ..billing.common import NoOrganization, fresh_key, iso, key, organization  # noqa: F401  (one way in the portal)
from ..organizations.common import confirm, fail, member_name  # noqa: F401
from . import bp

MANAGERS = ("legal_representative", "administrator")
SECTIONS = [("partner.index", N_("Programme")), ("partner.clients", N_("Clients")),
            ("partner.clients_new", N_("Add a client")), ("partner.elevations", N_("My elevation requests")),
            # partner money (issue 12, portal-money): PX4, PA11, PX6
            ("partner.dashboard", N_("Dashboard")), ("partner.cashback", N_("Cashback")),
            ("partner.webhooks", N_("Webhooks")),
            # the partner's own business (PA9, PX5)
            ("partner.exports", N_("Exports")), ("partner.rebilling", N_("Rebilling")),
            ("partner.branded_invoices", N_("Branded invoices")), ("partner.margins", N_("Margins")),
            ("partner.profile", N_("Directory profile"))]  # PA12


# A person without an organization yet goes to create one, as on billing's pages.
bp.register_error_handler(NoOrganization, lambda _error: redirect(url_for("organizations.current"), code=303))


def page_size():
    """Rows per page of a list (PORTAL_PAGE_SIZE, default 20; the browser test pages by 2)."""
    return current_app.config.setdefault("PAGE_SIZE", int(os.environ.get("PORTAL_PAGE_SIZE", "20")))


def manager(current):
    return current.get("my_role") in MANAGERS


def render(template, status=200, **values):
    current = values.pop("organization", None) or organization()
    form = values.get("form")
    if form is not None and not form.ok and "idempotency_key" in form.values:
        form.values["idempotency_key"] = fresh_key()  # the next attempt is another request
    return render_template(f"partner/{template}", organization=current, manager=manager(current),
                           partner_sections=SECTIONS, partner_section=pages.current(SECTIONS, request.endpoint),
                           **values), status


def optional(call, *args, **kwargs):
    """An answer the page can do without: None when missing or refused to this person."""
    try:
        return call(*args, **kwargs)
    except DomainError:
        return None


def link_of(current, link_id):
    return partner.link(current["id"], link_id)


def end_instant(text):
    """A date typed in the form ("2026-05-31") as the end of that day in UTC; ValueError if not one."""
    return date.fromisoformat(text.strip()).isoformat() + "T23:59:59+00:00"


def not_found():
    raise NotFound("No such client.")
