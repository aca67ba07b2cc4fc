"""Signing in through identity (OAuth2 authorization code with PKCE, the portal being the
first-party confidential client `portal`), keeping the person's tokens fresh, signing out.

The tokens live only in the encrypted session cookie (session.py). An access token is
refreshed silently shortly before it expires, or once when a service refuses it; when the
refresh token is refused too, the person signs in again. Signing out revokes the refresh
token and ends identity's own session (OpenID Connect RP-initiated logout).
"""
import logging
from urllib.parse import urlencode

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from flask import current_app, session

from services.common import clock
from services.common.config import client_secret
from services.common.errors import Unavailable

log = logging.getLogger(__name__)

CLIENT_ID = "portal"
REFRESH_MARGIN = 30  # seconds before expiry when an access token is renewed


class SignInAgain(Exception):
    """The person's tokens are gone or refused: the page sends them to sign in."""


def _config():
    return current_app.config


def _oauth():
    config = _config()
    return OAuth2Session(CLIENT_ID, client_secret({**config, "CLIENT_ID": CLIENT_ID}),
                         token_endpoint_auth_method="client_secret_basic")


def callback_url():
    return _config()["SERVICE_URLS"]["portal"].rstrip("/") + "/auth/callback"


def authorization_url(next_path, language):
    """Where the browser goes to sign in; remembers state, PKCE verifier and `next_path`."""
    state, verifier, nonce = generate_token(32), generate_token(64), generate_token(24)
    session["oauth"] = {"state": state, "verifier": verifier, "nonce": nonce, "next": next_path}
    query = {"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": callback_url(), "state": state,
             "code_challenge": create_s256_code_challenge(verifier), "code_challenge_method": "S256",
             "nonce": nonce, "ui_locales": language}
    return _config()["ISSUER"].rstrip("/") + "/oauth/authorize?" + urlencode(query)


def finish(state, code):
    """Exchange the code for tokens (state checked); returns the path to go to next."""
    pending = session.pop("oauth", None)
    if not pending or not state or state != pending["state"] or not code:
        raise SignInAgain()
    token = _token_call("fetch_token", grant_type="authorization_code", code=code, redirect_uri=callback_url(),
                        code_verifier=pending["verifier"])
    _keep(token)
    return pending["next"]


def _token_call(method, **kwargs):
    config = _config()
    try:
        with _oauth() as oauth:
            return getattr(oauth, method)(config["TOKEN_URL"], timeout=(config["SERVICE_CONNECT_TIMEOUT"],
                                                                        config["SERVICE_READ_TIMEOUT"]), **kwargs)
    except requests.RequestException:
        raise Unavailable("identity could not be reached") from None
    except Exception as error:  # authlib's OAuthError: the grant was refused
        log.info("token request refused", extra={"error": repr(error)})
        raise SignInAgain() from None


def _keep(token):
    tokens = session.get("tokens", {})
    session["tokens"] = {"access": token["access_token"],
                         "refresh": token.get("refresh_token") or tokens.get("refresh"),
                         "expires_at": clock.timestamp() + int(token.get("expires_in", 300)),
                         "id_token": token.get("id_token") or tokens.get("id_token")}


def signed_in():
    return bool(session.get("tokens"))


def access_token():
    """A valid access token of the person, refreshed first when it is about to expire."""
    tokens = session.get("tokens")
    if not tokens:
        raise SignInAgain()
    if tokens["expires_at"] - REFRESH_MARGIN <= clock.timestamp():
        return refreshed()
    return tokens["access"]


def refreshed():
    """A new access token from the refresh token (which rotates); SignInAgain if refused."""
    tokens = session.get("tokens") or {}
    if not tokens.get("refresh"):
        forget()
        raise SignInAgain()
    try:
        _keep(_token_call("refresh_token", refresh_token=tokens["refresh"]))
    except SignInAgain:
        forget()
        raise
    return session["tokens"]["access"]


def forget():
    for key in ("tokens", "me", "organization_id"):
        session.pop(key, None)


def sign_out():
    """Revoke the refresh token, forget everything, and give identity's end-session URL."""
    tokens = session.get("tokens") or {}
    if tokens.get("refresh"):
        try:
            with _oauth() as oauth:
                oauth.revoke_token(_config()["ISSUER"].rstrip("/") + "/oauth/revoke", tokens["refresh"],
                                   token_type_hint="refresh_token", timeout=5)
        except Exception as error:  # noqa: BLE001 - signing out must not fail on identity's answer
            log.warning("refresh token not revoked", extra={"error": repr(error)})
    forget()
    query = {"client_id": CLIENT_ID, "post_logout_redirect_uri": _config()["SERVICE_URLS"]["portal"].rstrip("/")
             + "/signed-out"}
    if tokens.get("id_token"):
        query["id_token_hint"] = tokens["id_token"]
    return _config()["ISSUER"].rstrip("/") + "/oauth/logout?" + urlencode(query)
