"""Provider staff's pages (PA1): applications to the partner programme to review, pending
first; one application with its register number, manual review flag and website check;
approving it or rejecting it with a reason, each after a confirmation. Offered only when
the person's token carries identity's `staff` scope (given to staff accounts only); partner
refuses the staff endpoints to any other token anyway."""
from flask import Blueprint

from services.common.i18n import N_

from .scopes import has_staff_scope

bp = Blueprint("staff", __name__, template_folder="templates")
NAV = [(90, "staff.applications", N_("Applications to review"), lambda layout: has_staff_scope())]

from . import applications  # noqa: E402,F401  (routes)
