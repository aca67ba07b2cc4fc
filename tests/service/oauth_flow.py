"""Driving identity's authorization-code flow from a Flask test client, as a browser and an app would."""
import base64
import email as email_parser
import email.policy as email_policy
import mailbox
import re
import secrets
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

from authlib.oauth2.rfc7636 import create_s256_code_challenge

from services.identity.app import DEFAULT_CLIENTS
from services.identity.models import messages
from tests.mail import sender_of

from .identity_helpers import link_in

PASSWORD = "correct horse battery"
APP_URI = "https://app.example/callback"
CLIENTS = {
    **DEFAULT_CLIENTS,
    # A third-party single-page app: public, so PKCE is all that binds the code to it.
    "spa": {"kind": "third_party", "public": True, "redirect_uris": [APP_URI],
            "scopes": ["openid", "profile", "email", "offline_access", "orgs"]},
    # A third-party server app: confidential, no refresh tokens.
    "crm": {"kind": "third_party", "redirect_uris": ["https://crm.example/oauth"], "scopes": ["openid", "email"],
            "grant_types": ["authorization_code"]},
}


def basic(client_id, secret):
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def secret_of(identity, client_id):
    return open(f"{identity.config['VAR_DIR']}/secrets/{client_id}").read().strip()


def portal_uri(identity):
    return identity.config["SERVICE_URLS"]["portal"] + "/auth/callback"


def csrf_from(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_up_and_log_in(client, email="anna@alpine-web.example"):
    body = {"email": email, "password": PASSWORD, "first_name": "Anna", "last_name": "Keller",
            "organization": {"kind": "individual"}}
    assert client.post("/v1/accounts", json=body).status_code == 201
    verify_email(client, email)
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303
    return client


def verify_email(client, email):
    """Open the verification link identity mailed (ID2); without SMTP_URL mail lands in var/mail,
    delivered here at once as identity's worker would a moment after the sign-up."""
    sender_of(client.application, messages).send_due()
    inbox = mailbox.Maildir(Path(client.application.config["VAR_DIR"]) / "mail", create=False)
    message = [m for m in inbox if email in m["To"]][-1]
    parsed = email_parser.message_from_bytes(message.as_bytes(), policy=email_policy.default)
    assert client.get(link_in(parsed, "/verify-email")).status_code == 200


class Pkce:
    def __init__(self):
        self.verifier = secrets.token_urlsafe(48)
        self.challenge = create_s256_code_challenge(self.verifier)


def authorize_path(client_id, redirect_uri, scope="openid", pkce=None, state="st-1", **extra):
    params = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri, "scope": scope,
              "state": state}
    if pkce is not None:
        params.update(code_challenge=pkce.challenge, code_challenge_method="S256")
    params.update({k: v for k, v in extra.items() if v is not None})
    return "/oauth/authorize?" + urlencode({k: v for k, v in params.items() if v is not None})


def query_of(response):
    return {k: v[0] for k, v in parse_qs(urlparse(response.headers["Location"]).query).items()}


def approve(browser, path, decision="approve"):
    """GET the consent page and press a button; returns the redirect response."""
    page = browser.get(path)
    assert page.status_code == 200 and b"Allow" in page.data, page.data
    return browser.post(path, data={"csrf_token": csrf_from(page.get_data(as_text=True)), "decision": decision})


def code_for(browser, client_id, redirect_uri, scope="openid", pkce=None, consent=True, **extra):
    path = authorize_path(client_id, redirect_uri, scope, pkce, **extra)
    response = approve(browser, path) if consent else browser.get(path)
    assert response.status_code == 302, response.data
    params = query_of(response)
    assert "code" in params, params
    return params["code"]


def exchange(client, code, client_id, redirect_uri, verifier, secret=None):
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "code_verifier": verifier}
    headers = basic(client_id, secret) if secret else {}
    if not secret:
        form["client_id"] = client_id
    return client.post("/oauth/token", data=form, headers=headers)


def refresh(client, refresh_token, client_id, secret=None):
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    headers = basic(client_id, secret) if secret else {}
    if not secret:
        form["client_id"] = client_id
    return client.post("/oauth/token", data=form, headers=headers)
