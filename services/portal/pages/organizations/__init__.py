"""Organizations (OR1-OR14): details and branding, members, invitations, teams, support access,
the audit log and deletion of the organization named in the URL, through orgs' person API."""
from flask import Blueprint, redirect, url_for

from services.common.i18n import N_

from ... import context

bp = Blueprint("organizations", __name__, template_folder="templates")
NAV = [(30, "organizations.current", N_("Organization"))]


@bp.get("/organizations")
@bp.get("/organizations/current")
def current():
    organization = context.current_organization()
    if organization is None:
        return redirect(url_for(".new"), code=303)
    return redirect(url_for(".details", organization_id=organization["id"]), code=303)


from . import audit, details, invitations, members, support, teams  # noqa: E402,F401  (their routes)
