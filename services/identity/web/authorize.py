"""The authorization endpoint (ID12): who is logged in, whether they agree, then a code.

Errors go back to the client (RFC 6749 4.1.2.1) only when the client and its redirect
URI are known and valid; otherwise the person sees an error page here, never a redirect
to an unchecked address. Consent to a third-party app is remembered per person and
app: asked again only for scopes not allowed before (`consents.py`); first-party clients
(the portal) skip it.

OpenID Connect's `prompt` and `max_age` (Core 3.1.2.1): `none` never shows a page (no login:
`login_required`; consent needed: `consent_required`); `login`, or a login older than
`max_age` seconds, sends the person through the login page again (the new session's time is
the ID token's `auth_time`); `consent` shows the consent page even to first-party clients.
"""
import calendar
from urllib.parse import parse_qsl, quote, urlencode

from authlib.oauth2.rfc6749 import InvalidRequestError, OAuth2Error
from authlib.oidc.core.errors import ConsentRequiredError
from flask import current_app, make_response, redirect, render_template, request

from services.common import clock
from services.common.i18n import N_

from ..oauth import consents
from ..oauth.store import subject_of_login
from .sessions import current_login
from .csrf import check_csrf

SCOPE_DESCRIPTIONS = {
    "openid": N_("Know who you are (your account id)"),
    "profile": N_("See your first and last name"),
    "email": N_("See your email address"),
    "offline_access": N_("Stay connected when you are away (refresh tokens)"),
    "account": N_("Read and manage your account settings"),
    "orgs": N_("Act in your organizations as you"),
    "billing": N_("See and manage billing as you"),
    "partner": N_("Use the partner programme as you"),
}


def _page(html, status=200):
    response = make_response(html, status)
    # Another site must not frame the consent page and trick a click on "Allow".
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    response.headers["Cache-Control"] = "no-store"
    return response


def _error_page(error):
    return _page(render_template("oauth_error.html", error=error.error, description=error.get_error_description()), 400)


def authorize():
    server = current_app.extensions["authorization_server"]
    login = current_login()
    try:
        grant = server.get_consent_grant(end_user=login.account if login else None)
    except OAuth2Error as error:
        if error.redirect_uri:
            return server.handle_error_response(None, error)
        return _error_page(error)
    if login is None:
        return _to_login(request.full_path.rstrip("?"))
    client = grant.client
    data = grant.request.payload.data
    prompts = (data.get("prompt") or "").split()
    try:
        max_age = _max_age(data.get("max_age"))
    except OAuth2Error as error:
        error.redirect_uri, error.state = grant.redirect_uri, grant.request.payload.state
        return server.handle_error_response(None, error)
    login_age = clock.timestamp() - calendar.timegm(login.session.created_at.utctimetuple())
    if request.method == "GET" and ("login" in prompts or (max_age is not None and login_age > max_age)):
        # Authenticate again; the login page comes back here without prompt=login.
        query = [(k, v) for k, v in parse_qsl(request.query_string.decode()) if k != "prompt"]
        query += [("prompt", " ".join(p for p in prompts if p != "login"))] if len(prompts) > 1 else []
        return _to_login(request.path + "?" + urlencode(query))
    scopes = grant.request.scope.split()
    needs_consent = "consent" in prompts or not (
        client.skips_consent or consents.covers(login.account.id, client.get_client_id(), scopes))
    if request.method == "GET" and needs_consent and "none" in prompts:
        error = ConsentRequiredError(redirect_uri=grant.redirect_uri)
        error.state = grant.request.payload.state
        return server.handle_error_response(None, error)
    if request.method == "GET" and needs_consent:
        return _page(render_template("consent.html", client_id=client.get_client_id(),
                                     scopes=[(s, SCOPE_DESCRIPTIONS.get(s, s)) for s in scopes],
                                     action=request.full_path, email=login.account.email))
    if request.method == "POST":
        check_csrf()
    approved = request.form.get("decision") == "approve" if request.method == "POST" else not needs_consent
    if approved and request.method == "POST" and not client.skips_consent:
        consents.remember(login.account.id, client.get_client_id(), scopes)
    return server.create_authorization_response(grant_user=subject_of_login(login) if approved else None,
                                                grant=grant)


def _to_login(next_path):
    return redirect("/login?next=" + quote(next_path, safe=""), code=303)


def _max_age(value):
    """OpenID Connect max_age: seconds since the last login that the client accepts."""
    if value in (None, ""):
        return None
    if not (str(value).isascii() and str(value).isdigit()):  # "²".isdigit() is true, int("²") fails
        raise InvalidRequestError("max_age must be a whole number of seconds.")
    return int(value)
