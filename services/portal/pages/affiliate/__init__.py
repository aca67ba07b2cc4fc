"""The affiliate programme (PA15, PA3): the public referral link `/r/<code>` (referral.py keeps
the code in a cookie for identity's sign-up and billing's orders), and `/affiliate`: joining for
the organization the person works in (its legal representative; a partner or an applicant is
refused, PA3), then the dashboard (code, link with a copy button, referrals, commissions,
payouts, earnings per month as a server-drawn SVG chart with its table) and leaving. Through
partner's affiliate API (apis/affiliates.py) with the person's own token."""
from flask import Blueprint

from services.common.i18n import N_

bp = Blueprint("affiliate", __name__, template_folder="templates", static_folder="static",
               static_url_path="/affiliate/static")
PUBLIC = {"affiliate.referral_link"}  # no sign-in: the link is followed by people without an account


def has_organization(layout):
    return bool(layout.get("current_organization"))


NAV = [(75, "affiliate.index", N_("Affiliate programme"), has_organization)]


@bp.record_once
def _public(state):
    state.app.config.setdefault("PUBLIC_ENDPOINTS", set()).update(PUBLIC)


from . import dashboard, link  # noqa: E402,F401  (routes)
