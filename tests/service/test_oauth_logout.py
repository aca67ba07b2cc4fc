"""ID12: OpenID Connect RP-Initiated Logout at /oauth/logout: an app's ID token names the login to
end; the browser goes back only to an address registered for that app."""
import time
from urllib.parse import parse_qs, urlparse

import pytest
from joserfc import jwt

from services.identity.models import BrowserSession
from services.identity.oauth.keys import SigningKeys
from services.identity.oauth.models import RefreshToken

from .oauth_fixtures import browser, identity  # noqa: F401 - fixtures
from .oauth_flow import Pkce, code_for, exchange, portal_uri, refresh, secret_of

SCOPE = "openid profile offline_access account"


@pytest.fixture
def portal_tokens(identity, browser):
    pkce = Pkce()
    code = code_for(browser, "portal", portal_uri(identity), SCOPE, pkce, consent=False)
    body = exchange(browser, code, "portal", portal_uri(identity), pkce.verifier, secret_of(identity, "portal"))
    assert body.status_code == 200, body.get_json()
    return body.get_json()


def signed_out_uri(identity):
    return identity.config["SERVICE_URLS"]["portal"] + "/signed-out"


def live_sessions():
    return BrowserSession.select().where(BrowserSession.revoked_at.is_null()).count()


def test_id12_discovery_advertises_the_end_session_endpoint(identity):
    meta = identity.test_client().get("/.well-known/openid-configuration").get_json()
    assert meta["end_session_endpoint"] == identity.config["ISSUER"].rstrip("/") + "/oauth/logout"
    assert "sid" in meta["claims_supported"] and meta["ui_locales_supported"] == ["en", "fr", "de", "it", "es"]


def test_id12_a_valid_hint_ends_the_session_its_refresh_tokens_and_the_cookie_then_returns(identity, browser,
                                                                                          portal_tokens):
    response = browser.get("/oauth/logout", query_string={
        "id_token_hint": portal_tokens["id_token"], "post_logout_redirect_uri": signed_out_uri(identity),
        "client_id": "portal", "state": "bye-1"})
    assert response.status_code == 303
    target = urlparse(response.headers["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == signed_out_uri(identity)
    assert parse_qs(target.query) == {"state": ["bye-1"]}
    assert "pp_session=;" in response.headers["Set-Cookie"]
    assert live_sessions() == 0
    assert refresh(browser, portal_tokens["refresh_token"], "portal", secret_of(identity, "portal")).status_code == 400
    assert RefreshToken.select().where(RefreshToken.revoked_at.is_null() & RefreshToken.used_at.is_null()).count() \
        <= 1  # what is left is refused: its session ended


def test_id12_an_expired_id_token_still_names_the_login(identity, browser, portal_tokens, clock):
    clock.advance(days=2)
    response = browser.get("/oauth/logout", query_string={"id_token_hint": portal_tokens["id_token"]})
    assert response.status_code == 200 and "signed out" in response.get_data(as_text=True)
    assert live_sessions() == 0


def test_id12_an_unregistered_redirect_is_not_followed(identity, browser, portal_tokens):
    response = browser.get("/oauth/logout", query_string={
        "id_token_hint": portal_tokens["id_token"], "post_logout_redirect_uri": "https://evil.example/",
        "state": "x"})
    assert response.status_code == 200 and "Location" not in response.headers
    assert 'href="https://evil' not in response.get_data(as_text=True)
    assert identity.config["SERVICE_URLS"]["portal"] in response.get_data(as_text=True)
    assert live_sessions() == 0


def test_id12_a_client_id_the_id_token_was_not_issued_to_gets_no_redirect(identity, browser, portal_tokens):
    response = browser.get("/oauth/logout", query_string={
        "id_token_hint": portal_tokens["id_token"], "client_id": "spa",
        "post_logout_redirect_uri": signed_out_uri(identity)})
    assert response.status_code == 200


def forged_id_token(identity, account_id, key_var_dir):
    """Claims like identity's, signed with another key."""
    from services.identity.oauth.keys import ensure_key

    ensure_key(key_var_dir)
    keys = SigningKeys(key_var_dir).current()
    now = int(time.time())
    claims = {"iss": identity.config["ISSUER"], "sub": account_id, "aud": ["portal"], "iat": now, "exp": now + 60}
    return jwt.encode({"alg": "RS256", "kid": keys.keys[0].kid}, claims, keys)


@pytest.mark.parametrize("hint", ["", "not-a-token", "forged", "access"])
def test_id12_without_a_valid_hint_nothing_ends_and_no_redirect_is_followed(identity, browser, portal_tokens,
                                                                           tmp_path, hint):
    account_id = str(BrowserSession.get().account_id)
    value = {"forged": lambda: forged_id_token(identity, account_id, tmp_path / "other"),
             "access": lambda: portal_tokens["access_token"]}.get(hint, lambda: hint)()
    response = browser.get("/oauth/logout", query_string={
        "id_token_hint": value, "post_logout_redirect_uri": signed_out_uri(identity), "client_id": "portal"})
    assert response.status_code == 200 and "Location" not in response.headers
    assert 'action="/logout"' in response.get_data(as_text=True)  # asked to confirm
    assert live_sessions() == 1


def test_the_logout_form_still_ends_the_session_and_leads_to_the_signed_out_page(browser):
    from .oauth_flow import csrf_from

    token = csrf_from(browser.get("/login").get_data(as_text=True))
    response = browser.post("/logout", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/signed-out"
    assert live_sessions() == 0
    assert browser.get("/signed-out").status_code == 200
