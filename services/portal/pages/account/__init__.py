"""Your account: the signed-in person's own login, all through identity's /v1/me API
(ID1, ID4-ID9, ID12, OR7). A sub-navigation joins its pages (SECTIONS)."""
from flask import Blueprint

from services.common.i18n import N_

bp = Blueprint("account", __name__, template_folder="templates", url_prefix="/account")
NAV = [(20, "account.profile", N_("Account"))]
# The sub-navigation; a page belongs to the section whose endpoint its own starts with.
SECTIONS = [("account.profile", N_("Profile")), ("account.password", N_("Password")),
            ("account.login_email", N_("Login email")), ("account.recovery", N_("Recovery")),
            ("account.sessions", N_("Sessions")), ("account.two_step", N_("Two-step verification")),
            ("account.activity", N_("Login activity")), ("account.consents", N_("App consents")),
            ("account.delete", N_("Delete account"))]


@bp.context_processor
def sections():
    return {"account_sections": SECTIONS}


from . import connections, deletion, profile, security, two_step  # noqa: E402,F401  (routes on bp)
