"""Partners, the client organization's side of the partner programme (PA5, PA8, PA10, PX1-PX3):
requests from partners to approve (with the requested or another scope) or decline, the
organization's partners (scope, who pays, end date, stopping in two steps with the password),
finding a partner to authorize, the activity feed of partner staff with its CSV, and
elevation requests with pre-approved products. Through partner's and orgs' person APIs."""
from flask import Blueprint, redirect, url_for

from services.common.i18n import N_

from . import common
from .common import may_manage

bp = Blueprint("partners", __name__, template_folder="templates")
# Only for the organization's legal representatives and administrators (partner.manage):
# the services refuse anyone else anyway.
NAV = [(75, "partners.links", N_("Partners"), may_manage)]

from . import activity, elevations, find, incoming, labels, links, stopping  # noqa: E402,F401  (routes)


@bp.errorhandler(common.NoOrganization)
def _no_organization(_error):
    return redirect(url_for("organizations.current"), code=303)
