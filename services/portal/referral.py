"""PA15's referral cookie: `/r/<code>` keeps the first affiliate code a browser brought (never
overwritten while it lasts, 30 days), and the sign-up and order forms pass it on as
`referral_code`: partner attributes the organization, first referral wins, for 365 days.
Only the code's shape is checked here; an unknown or ended affiliate's code attributes nothing."""
from flask import current_app, request

from services.common.referrals import PATTERN

from .session import is_loopback

COOKIE = "referral_code"
MAX_AGE = 30 * 24 * 3600


def normalized(code):
    """The code as partner issues it (upper case), or None when it cannot be one."""
    code = (code or "").strip().upper()
    return code if PATTERN.match(code) else None


def kept():
    """The code this browser brought first, or None."""
    return normalized(request.cookies.get(COOKIE))


def keep(response, code):
    """Remember `code` unless the browser already brought one (first referral wins)."""
    if code and not kept():
        response.set_cookie(COOKIE, code, max_age=MAX_AGE, httponly=True, samesite="Lax", path="/",
                            secure=not is_loopback(current_app.config["SERVICE_URLS"]["portal"]))
    return response
