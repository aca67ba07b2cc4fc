"""The authorization endpoint (ID12): who is logged in, whether they agree, then a code.

Errors go back to the client (RFC 6749 4.1.2.1) only when the client and its redirect
URI are known and valid; otherwise the person sees an error page here, never a redirect
to an unchecked address. Consent is asked on every authorization of a third-party app
(nothing is remembered yet); first-party clients (the portal) skip it.
"""
from urllib.parse import quote

from authlib.oauth2.rfc6749 import OAuth2Error
from flask import current_app, make_response, redirect, render_template, request

from ..oauth_store import subject_of_login
from ..sessions import current_login
from .csrf import check_csrf, csrf_token

SCOPE_DESCRIPTIONS = {
    "openid": "Know who you are (your account id)",
    "profile": "See your first and last name",
    "email": "See your email address",
    "offline_access": "Stay connected when you are away (refresh tokens)",
    "account": "Read and manage your account settings",
    "orgs": "Act in your organizations as you",
    "billing": "See and manage billing as you",
    "partner": "Use the partner programme as you",
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
        return redirect("/login?next=" + quote(request.full_path.rstrip("?"), safe=""), code=303)
    client = grant.client
    if request.method == "GET" and not client.skips_consent:
        scopes = grant.request.scope.split()
        return _page(render_template("consent.html", client_id=client.get_client_id(), csrf_token=csrf_token(),
                                     scopes=[(s, SCOPE_DESCRIPTIONS.get(s, s)) for s in scopes],
                                     action=request.full_path, email=login.account.email))
    if request.method == "POST":
        check_csrf()
    approved = client.skips_consent or request.form.get("decision") == "approve"
    return server.create_authorization_response(grant_user=subject_of_login(login) if approved else None,
                                                grant=grant)
