"""ID12: refresh tokens rotate, a reused one ends its family, and they die with the browser session."""
import pytest

from services.identity.models import BrowserSession
from services.common.clock import utcnow
from services.identity.oauth.models import RefreshToken

from .oauth_fixtures import browser, identity  # noqa: F401 - fixtures
from .oauth_flow import APP_URI, Pkce, code_for, csrf_from, exchange, portal_uri, refresh, secret_of


@pytest.fixture
def tokens(browser):
    pkce = Pkce()
    code = code_for(browser, "spa", APP_URI, "openid offline_access orgs", pkce)
    body = exchange(browser, code, "spa", APP_URI, pkce.verifier).get_json()
    assert body["refresh_token"]
    return body


def test_id12_a_refresh_returns_a_new_refresh_token_and_the_old_one_stops_working(browser, tokens):
    first = refresh(browser, tokens["refresh_token"], "spa")
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert body["refresh_token"] != tokens["refresh_token"] and body["access_token"]
    assert body["scope"] == "openid offline_access orgs"
    second = refresh(browser, body["refresh_token"], "spa")
    assert second.status_code == 200


def test_id12_a_reused_refresh_token_revokes_the_whole_family(browser, tokens):
    child = refresh(browser, tokens["refresh_token"], "spa").get_json()["refresh_token"]
    grandchild = refresh(browser, child, "spa").get_json()["refresh_token"]
    replay = refresh(browser, tokens["refresh_token"], "spa")  # someone kept a copy of the first token
    assert replay.status_code == 400 and replay.get_json()["error"] == "invalid_grant"
    assert refresh(browser, grandchild, "spa").get_json()["error"] == "invalid_grant"
    assert RefreshToken.select().where(RefreshToken.revoked_at.is_null()).count() == 0


def test_id12_only_hashes_of_refresh_tokens_are_stored(tokens):
    stored = [row.token_hash for row in RefreshToken.select()]
    assert stored and tokens["refresh_token"] not in stored and all(len(h) == 64 for h in stored)


def test_id12_a_revoked_browser_session_ends_its_refresh_tokens(browser, tokens):
    BrowserSession.update(revoked_at=utcnow()).execute()
    response = refresh(browser, tokens["refresh_token"], "spa")
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"


def test_id12_logging_out_ends_the_refresh_tokens(browser, tokens):
    token = csrf_from(browser.get("/login").get_data(as_text=True))
    assert browser.post("/logout", data={"csrf_token": token}).status_code == 303
    assert refresh(browser, tokens["refresh_token"], "spa").get_json()["error"] == "invalid_grant"


def test_id12_a_refresh_token_works_only_for_its_client(identity, browser, tokens):
    response = refresh(browser, tokens["refresh_token"], "portal", secret_of(identity, "portal"))
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"


def test_id12_a_refresh_may_narrow_the_scope_but_never_widen_it(browser, tokens):
    wider = browser.post("/oauth/token", data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"],
                                               "client_id": "spa", "scope": "openid offline_access orgs billing"})
    assert wider.status_code == 400 and wider.get_json()["error"] == "invalid_scope"
    narrower = browser.post("/oauth/token", data={"grant_type": "refresh_token", "client_id": "spa",
                                                  "refresh_token": tokens["refresh_token"], "scope": "openid orgs"})
    assert narrower.status_code == 200 and narrower.get_json()["scope"] == "openid orgs"


def test_id12_no_refresh_token_without_offline_access(identity, browser):
    pkce = Pkce()
    code = code_for(browser, "portal", portal_uri(identity), "openid orgs", pkce, consent=False)
    body = exchange(browser, code, "portal", portal_uri(identity), pkce.verifier, secret_of(identity, "portal")).get_json()
    assert "refresh_token" not in body


def test_id12_a_client_without_the_refresh_grant_cannot_refresh(identity, browser, tokens):
    response = refresh(browser, tokens["refresh_token"], "crm", secret_of(identity, "crm"))
    assert response.status_code == 400 and response.get_json()["error"] == "unauthorized_client"


def announced_jtis():
    import json

    from services.identity.models import OutboxEvent
    return {json.loads(e.envelope)["data"]["jti"]
            for e in OutboxEvent.select().where(OutboxEvent.type == "identity.access_token.revoked")}


def jti_of(access_token):
    from services.common.jwks import unverified_part
    return unverified_part(access_token, 1)["jti"]


def test_id12_a_reused_refresh_token_also_ends_the_access_tokens_issued_with_the_family(browser, tokens):
    child = refresh(browser, tokens["refresh_token"], "spa").get_json()
    assert announced_jtis() == set()
    refresh(browser, tokens["refresh_token"], "spa")  # the replay
    # Every service is told; introspection would say inactive too.
    assert announced_jtis() == {jti_of(tokens["access_token"]), jti_of(child["access_token"])}


def test_id12_revoking_a_refresh_token_ends_the_access_tokens_of_its_grant(browser, tokens):
    child = refresh(browser, tokens["refresh_token"], "spa").get_json()
    response = browser.post("/oauth/revoke", data={"token": child["refresh_token"], "client_id": "spa",
                                                   "token_type_hint": "refresh_token"})
    assert response.status_code == 200
    assert announced_jtis() == {jti_of(tokens["access_token"]), jti_of(child["access_token"])}
    introspected = {jti_of(tokens["access_token"]), jti_of(child["access_token"])}
    from services.identity.oauth.models import RevokedAccessToken
    assert {row.jti for row in RevokedAccessToken.select()} == introspected
