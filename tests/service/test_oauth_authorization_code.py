"""ID12 for people: authorization code + PKCE (S256) for the portal and third-party apps."""
import time
from urllib.parse import unquote

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from services.identity.models import BrowserSession

from .oauth_fixtures import browser, identity  # noqa: F401 - fixtures
from .oauth_flow import APP_URI, Pkce, approve, authorize_path, code_for, exchange, portal_uri, query_of, secret_of


def decode(identity, token):
    jwks = KeySet.import_key_set(identity.test_client().get("/.well-known/jwks.json").get_json())
    return jwt.decode(token, jwks)


def test_id12_portal_gets_a_code_without_consent_then_rfc9068_tokens_and_an_id_token(identity, browser):
    pkce = Pkce()
    code = code_for(browser, "portal", portal_uri(identity), "openid profile email offline_access orgs", pkce,
                    consent=False, nonce="n-0S6")
    response = exchange(browser, code, "portal", portal_uri(identity), pkce.verifier, secret_of(identity, "portal"))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["token_type"] == "Bearer" and body["refresh_token"] and body["expires_in"] == 600
    access = decode(identity, body["access_token"])
    assert access.header["typ"] == "at+jwt" and access.header["alg"] == "RS256" and access.header["kid"]
    claims = access.claims
    session = BrowserSession.get()
    assert claims["sub"] == str(session.account_id) and claims["client_id"] == "portal"
    assert claims["aud"] == ["orgs"] and claims["scope"] == "openid profile email offline_access orgs"
    assert claims["sid"] == str(session.id) and claims["amr"] == ["pwd"]
    assert abs(claims["auth_time"] - time.time()) < 60 and claims["iss"] == identity.config["ISSUER"]
    id_token = decode(identity, body["id_token"]).claims
    assert id_token["nonce"] == "n-0S6" and id_token["aud"] == ["portal"] and id_token["sub"] == claims["sub"]
    assert id_token["email"] == "anna@alpine-web.example" and id_token["given_name"] == "Anna"
    assert id_token["amr"] == ["pwd"] and id_token["at_hash"]


def test_id12_two_factor_sessions_carry_amr_otp(identity, browser):
    BrowserSession.update(two_factor_passed=True).execute()
    pkce = Pkce()
    code = code_for(browser, "portal", portal_uri(identity), "openid account", pkce, consent=False)
    body = exchange(browser, code, "portal", portal_uri(identity), pkce.verifier, secret_of(identity, "portal")).get_json()
    claims = decode(identity, body["access_token"]).claims
    assert claims["amr"] == ["pwd", "otp"] and claims["aud"] == ["identity"] and "refresh_token" not in body


def test_id12_authorize_without_a_login_sends_the_browser_to_the_login_page(identity):
    path = authorize_path("spa", APP_URI, "openid", Pkce())
    response = identity.test_client().get(path)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/login?next=") and unquote(location[len("/login?next="):]) == path


def test_id12_a_third_party_app_needs_consent_then_a_public_client_exchanges_with_pkce(identity, browser):
    pkce = Pkce()
    page = browser.get(authorize_path("spa", APP_URI, "openid email orgs", pkce))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "spa" in html and "orgs" in html and "email" in html
    assert page.headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    response = approve(browser, authorize_path("spa", APP_URI, "openid email orgs", pkce))
    params = query_of(response)
    assert response.headers["Location"].startswith(APP_URI + "?") and params["state"] == "st-1"
    token = exchange(browser, params["code"], "spa", APP_URI, pkce.verifier)
    assert token.status_code == 200 and decode(identity, token.get_json()["access_token"]).claims["client_id"] == "spa"


def test_id12_denying_consent_sends_access_denied_back_with_the_state(browser):
    response = approve(browser, authorize_path("spa", APP_URI, "openid", Pkce(), state="xyz"), decision="deny")
    params = query_of(response)
    assert response.status_code == 302 and response.headers["Location"].startswith(APP_URI + "?")
    assert (params["error"], params["state"], "code" in params) == ("access_denied", "xyz", False)


def test_id12_consent_without_its_csrf_token_is_refused(browser):
    path = authorize_path("spa", APP_URI, "openid", Pkce())
    response = browser.post(path, data={"decision": "approve"})
    assert response.status_code == 403 and "Location" not in response.headers


@pytest.mark.parametrize("extra", [{}, {"code_challenge": "x" * 43, "code_challenge_method": "plain"},
                                   {"code_challenge": "x" * 43}])
def test_id12_pkce_s256_is_required(identity, browser, extra):
    response = browser.get(authorize_path("portal", portal_uri(identity), "openid", None, **extra))
    assert response.status_code == 302
    params = query_of(response)
    assert params["error"] == "invalid_request" and params["state"] == "st-1" and "code" not in params


def test_id12_a_wrong_code_verifier_gets_no_token(identity, browser):
    pkce = Pkce()
    code = code_for(browser, "spa", APP_URI, "openid", pkce)
    response = exchange(browser, code, "spa", APP_URI, Pkce().verifier)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"
    # The consent is remembered: the second code comes without the page.
    response = exchange(browser, code_for(browser, "spa", APP_URI, "openid", pkce, consent=False), "spa", APP_URI, "")
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_request"


def test_id12_redirect_uri_must_match_exactly(identity, browser):
    for uri in (APP_URI + "/", APP_URI + "?x=1", "https://evil.example/callback", "HTTPS://app.example/callback"):
        response = browser.get(authorize_path("spa", uri, "openid", Pkce()))
        assert response.status_code == 400 and "Location" not in response.headers
        assert b"invalid_request" in response.data
    pkce = Pkce()
    code = code_for(browser, "crm", "https://crm.example/oauth", "openid", pkce)
    response = exchange(browser, code, "crm", "https://crm.example/oauth/", pkce.verifier, secret_of(identity, "crm"))
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"


def test_id12_code_is_single_use_and_a_replay_revokes_what_it_issued(identity, browser):
    pkce = Pkce()
    code = code_for(browser, "spa", APP_URI, "openid offline_access", pkce)
    first = exchange(browser, code, "spa", APP_URI, pkce.verifier).get_json()
    again = exchange(browser, code, "spa", APP_URI, pkce.verifier)
    assert again.status_code == 400 and again.get_json()["error"] == "invalid_grant"
    from .oauth_flow import refresh
    assert refresh(browser, first["refresh_token"], "spa").get_json()["error"] == "invalid_grant"
    assert browser.get("/oauth/userinfo", headers={"Authorization": f"Bearer {first['access_token']}"}).status_code == 401


def test_id12_code_expires_after_60_seconds(identity, browser, clock):
    pkce = Pkce()
    code = code_for(browser, "spa", APP_URI, "openid", pkce)
    clock.advance(seconds=61)
    response = exchange(browser, code, "spa", APP_URI, pkce.verifier)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"


def test_id12_a_code_is_bound_to_its_client(identity, browser):
    pkce = Pkce()
    code = code_for(browser, "spa", APP_URI, "openid", pkce)
    response = exchange(browser, code, "crm", APP_URI, pkce.verifier, secret_of(identity, "crm"))
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"


def test_id12_unknown_client_or_service_client_cannot_start_the_flow(identity, browser):
    for client_id in ("nobody", "operator"):
        response = browser.get(authorize_path(client_id, APP_URI, "openid", Pkce()))
        assert response.status_code == 400 and "Location" not in response.headers


def test_id12_no_implicit_grant(identity, browser):
    response = browser.get(authorize_path("spa", APP_URI, "openid", Pkce()).replace("response_type=code",
                                                                                   "response_type=token"))
    assert response.status_code == 302 and query_of(response)["error"] == "unsupported_response_type"


def test_id12_a_third_party_app_asking_beyond_its_declared_scopes_is_refused(identity, browser):
    response = browser.get(authorize_path("crm", "https://crm.example/oauth", "openid email billing offline_access",
                                          Pkce(), state="s-3"))
    params = query_of(response)
    assert response.status_code == 302 and response.headers["Location"].startswith("https://crm.example/oauth?")
    assert (params["error"], params["state"], params["iss"], "code" in params) == (
        "invalid_scope", "s-3", identity.config["ISSUER"], False)


def test_id12_prompt_none_without_a_login_answers_login_required(identity):
    response = identity.test_client().get(authorize_path("spa", APP_URI, "openid", Pkce(), prompt="none"))
    assert response.status_code == 302 and query_of(response)["error"] == "login_required"


def test_id12_a_code_is_worthless_once_its_browser_session_is_revoked(identity, browser):
    from services.common.clock import utcnow
    pkce = Pkce()
    code = code_for(browser, "spa", APP_URI, "openid offline_access", pkce)
    BrowserSession.update(revoked_at=utcnow()).execute()
    response = exchange(browser, code, "spa", APP_URI, pkce.verifier)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"
    assert browser.get(authorize_path("spa", APP_URI, "openid", Pkce())).headers["Location"].startswith("/login?next=")


def relogin(browser, location):
    """Follow identity's login page with the password, as the person would; back to `next`."""
    from .oauth_flow import PASSWORD, csrf_from
    assert location.startswith("/login?next=")
    next_path = unquote(location[len("/login?next="):])
    token = csrf_from(browser.get(location).get_data(as_text=True))
    response = browser.post("/login", data={"email": "anna@alpine-web.example", "password": PASSWORD,
                                            "csrf_token": token, "next": next_path})
    assert response.status_code == 303 and response.headers["Location"] == next_path
    return next_path


def test_id12_prompt_login_authenticates_again_and_the_new_login_is_the_auth_time(identity, browser):
    first = BrowserSession.get()
    BrowserSession.update(created_at=first.created_at.replace(year=first.created_at.year - 1)).execute()
    pkce = Pkce()
    path = authorize_path("portal", portal_uri(identity), "openid", pkce, prompt="login", nonce="n-1")
    response = browser.get(path)
    assert response.status_code == 303
    next_path = relogin(browser, response.headers["Location"])
    assert "prompt" not in next_path and "nonce=n-1" in next_path
    code = query_of(browser.get(next_path))["code"]
    body = exchange(browser, code, "portal", portal_uri(identity), pkce.verifier, secret_of(identity, "portal")).get_json()
    id_token = decode(identity, body["id_token"]).claims
    assert abs(id_token["auth_time"] - time.time()) < 60  # the new login, not last year's
    assert BrowserSession.select().count() == 2


def test_id12_max_age_sends_an_old_login_through_the_login_page_again(identity, browser):
    pkce = Pkce()
    fresh = browser.get(authorize_path("portal", portal_uri(identity), "openid", pkce, max_age="300"))
    assert fresh.status_code == 302 and "code" in query_of(fresh)  # logged in seconds ago: fine
    session = BrowserSession.get()
    BrowserSession.update(created_at=session.created_at.replace(year=session.created_at.year - 1)).execute()
    stale = browser.get(authorize_path("portal", portal_uri(identity), "openid", pkce, max_age="300"))
    assert stale.status_code == 303 and stale.headers["Location"].startswith("/login?next=")
    bad = browser.get(authorize_path("portal", portal_uri(identity), "openid", pkce, max_age="soon", state="s-9"))
    assert bad.status_code == 302
    assert query_of(bad)["error"] == "invalid_request" and query_of(bad)["state"] == "s-9"


def test_id12_prompt_none_never_shows_a_page_and_prompt_consent_always_does(identity, browser):
    pkce = Pkce()
    silent = browser.get(authorize_path("spa", APP_URI, "openid", pkce, prompt="none", state="s-2"))
    assert silent.status_code == 302
    assert query_of(silent)["error"] == "consent_required" and query_of(silent)["state"] == "s-2"
    # A first-party client is answered silently; asked for consent, it gets the page.
    quiet = browser.get(authorize_path("portal", portal_uri(identity), "openid", pkce, prompt="none"))
    assert quiet.status_code == 302 and "code" in query_of(quiet)
    response = approve(browser, authorize_path("portal", portal_uri(identity), "openid", pkce, prompt="consent"))
    assert response.status_code == 302 and "code" in query_of(response)
    denied = approve(browser, authorize_path("portal", portal_uri(identity), "openid", pkce, prompt="consent"),
                     decision="deny")
    assert query_of(denied)["error"] == "access_denied"


def test_id12_consent_is_remembered_asked_again_for_new_scopes_and_can_be_withdrawn(identity, browser):
    from services.identity.oauth.models import RefreshToken

    from .identity_helpers import user_token
    pkce = Pkce()
    code = code_for(browser, "spa", APP_URI, "openid offline_access", pkce)
    tokens = exchange(browser, code, "spa", APP_URI, pkce.verifier).get_json()
    assert tokens["refresh_token"]
    # Same or fewer scopes: no page, even silently; a new scope asks again.
    assert "code" in query_of(browser.get(authorize_path("spa", APP_URI, "openid", pkce, prompt="none")))
    assert b"Allow" in browser.get(authorize_path("spa", APP_URI, "openid profile", pkce)).data
    account = str(BrowserSession.get().account_id)
    me = user_token(identity, account)
    listed = identity.test_client().get("/v1/me/consents", headers=me).get_json()
    assert listed == [{"client_id": "spa", "scopes": ["offline_access", "openid"], "granted_at": listed[0]["granted_at"]}]
    assert identity.test_client().delete("/v1/me/consents/spa", headers=me).status_code == 204
    assert RefreshToken.select().where(RefreshToken.revoked_at.is_null()).count() == 0
    assert browser.post("/oauth/token", data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"],
                                              "client_id": "spa"}).status_code == 400
    assert b"Allow" in browser.get(authorize_path("spa", APP_URI, "openid", pkce)).data
    assert identity.test_client().delete("/v1/me/consents/spa", headers=me).status_code == 404
