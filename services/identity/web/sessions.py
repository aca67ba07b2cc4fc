"""Browser login sessions on identity's own pages (the cookie behind /login and OAuth2).

A session is a row (so it can be listed and revoked, ID9/API) named by a random id in
a signed, HttpOnly, SameSite=Lax cookie. OAuth2 refresh-token families are bound to
the session that authorized them: revoking a session ends them too.
"""
from dataclasses import dataclass
from urllib.parse import urlparse

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer


from ..credentials import revoke_sessions
from ..models import BrowserSession, db

COOKIE = "pp_session"


@dataclass
class Login:
    account: object
    session: object

    @property
    def two_factor_passed(self):
        return self.session.two_factor_passed


def _serializer():
    return URLSafeSerializer(current_app.secret_key, salt="identity-session")


def current_login():
    """The logged-in account of this browser request, or None."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        session_id = _serializer().loads(raw)
    except BadSignature:
        return None
    session = BrowserSession.get_or_none((BrowserSession.id == session_id) & BrowserSession.revoked_at.is_null())
    if session is None:
        return None
    return Login(account=session.account, session=session)


def start_session(account, response, two_factor_passed=False):
    session = BrowserSession.create(account=account, ip=request.remote_addr or "",
                                    user_agent=(request.user_agent.string or "")[:300],
                                    two_factor_passed=two_factor_passed)
    response.set_cookie(COOKIE, _serializer().dumps(str(session.id)), httponly=True, samesite="Lax",
                        secure=current_app.config["COOKIE_SECURE"], path="/")
    return session


def end_session(login, response):
    with db.atomic():
        revoke_sessions(login.session.account_id, only=[login.session.id])
    response.delete_cookie(COOKIE, path="/")


def safe_next(url, default="/"):
    """Only same-site relative paths: never an open redirect."""
    if not url:
        return default
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc or not url.startswith("/") or url.startswith("//"):
        return default
    return url
