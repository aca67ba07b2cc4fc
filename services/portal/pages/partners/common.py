"""What every page of the slice shares: the organization the person works in (it must be one
they manage), the sub-navigation, dates typed in forms and the confirmation flow."""
from datetime import datetime

from flask import redirect, render_template, request, url_for

from services.common.errors import Forbidden
from services.common.i18n import N_

from ... import pages
from ..billing.common import NoOrganization, fresh_key, organization as current_organization  # noqa: F401
from ..organizations.common import confirm, fail  # noqa: F401  (the portal's one confirmation flow)
from ..partner.common import end_instant  # noqa: F401  (an end date means the end of that day)

MANAGERS = ("legal_representative", "administrator")
# (endpoint, label): a page belongs to the section whose endpoint its own extends (pages.current).
SECTIONS = [("partners.links", N_("My partners")), ("partners.requests", N_("Requests")),
            ("partners.find", N_("Find a partner")), ("partners.activity", N_("Activity")),
            ("partners.elevations", N_("Elevations"))]


def may_manage(layout):
    """The navigation's test: the current organization is one the person manages (partner.manage)."""
    return (layout.get("current_organization") or {}).get("my_role") in MANAGERS


def organization():
    """The organization the person works in (ID11); only its managers see its partners."""
    found = current_organization()
    if found.get("my_role") not in MANAGERS:
        raise Forbidden("Only administrators and legal representatives see the organization's partners.")
    return found


def representative(organization):
    """PA5, PA8, PA10, PX1: only legal representatives authorize, change or stop a link."""
    return organization.get("my_role") == "legal_representative"


def render(template, status=200, **values):
    current = values.pop("organization", None) or organization()
    return render_template(f"partners/{template}", organization=current, representative=representative(current),
                           partner_sections=SECTIONS, partner_section=pages.current(SECTIONS, request.endpoint),
                           **values), status


def moment(value):
    """An API's instant as an aware datetime (for |date, |datetime), None stays None."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def to_link(link_id):
    return redirect(url_for("partners.links_detail", link_id=link_id), code=303)
