"""ID12, RFC 6749 3.3 and 6, RFC 9700: the scope a token carries, for every grant and every kind of
requested scope. A token never carries a scope its client was not declared with, nor one the person
did not approve for a third-party app; an unknown scope is refused (invalid_scope), never dropped;
the consent page lists exactly what will be granted; RFC 9207 `iss` names identity in every
authorization response."""
import re

import pytest

from services.identity.oauth import consents
from services.identity.models import BrowserSession

from .oauth_fixtures import browser, identity  # noqa: F401 - fixtures
from .oauth_flow import APP_URI, Pkce, authorize_path, basic, csrf_from, exchange, query_of, refresh, secret_of
from .test_oauth_authorization_code import decode

SPA_DECLARED = "email offline_access openid orgs profile"  # oauth_flow.CLIENTS["spa"]
OPERATOR_DECLARED = "billing:credit billing:read identity:read introspect orgs:read partner:read"  # app.DEFAULT_CLIENTS
REFUSED = "invalid_scope"


def scopes(text):
    return sorted(text.split())


def listed_on(page):
    return sorted(re.findall(r"<li><code>([^<]+)</code>", page.get_data(as_text=True)))


def account_id():
    return BrowserSession.get().account_id


@pytest.mark.parametrize("requested, consented, expected", [
    pytest.param(None, None, SPA_DECLARED, id="absent-means-the-declared-default-through-consent"),
    pytest.param(None, "openid", SPA_DECLARED, id="absent-after-a-narrower-consent-asks-again"),
    pytest.param("bogus", None, REFUSED, id="unknown"),
    pytest.param("bogus", "openid", REFUSED, id="unknown-after-consent-the-reported-bypass"),
    pytest.param("openid bogus", None, REFUSED, id="unknown-beside-a-known-one"),
    pytest.param("openid", None, "openid", id="narrower-than-declared"),
    pytest.param("openid", "openid offline_access", "openid", id="narrower-than-consented-no-page"),
    pytest.param(SPA_DECLARED, None, SPA_DECLARED, id="equal-to-declared"),
    pytest.param("openid offline_access", "openid offline_access", "openid offline_access", id="equal-to-consented"),
    pytest.param("openid billing", None, REFUSED, id="broader-than-declared"),
    pytest.param("openid billing", "openid", REFUSED, id="broader-than-declared-after-consent"),
    pytest.param("openid profile", "openid", "openid profile", id="broader-than-consented-asks-again"),
])
def test_id12_authorization_code_issues_exactly_the_approved_scope(identity, browser, requested, consented,
                                                                   expected):
    if consented:
        consents.remember(account_id(), "spa", consented.split())
    pkce = Pkce()
    path = authorize_path("spa", APP_URI, requested, pkce, state="s-7")
    response = browser.get(path)
    if expected == REFUSED:
        params = query_of(response)
        assert response.status_code == 302 and response.headers["Location"].startswith(APP_URI + "?")
        assert (params["error"], params["state"], params["iss"], "code" in params) == (
            REFUSED, "s-7", identity.config["ISSUER"], False)
        assert [c["scopes"] for c in consents.consents(account_id())] == ([scopes(consented)] if consented else [])
        return
    already_allowed = consented and set(expected.split()) <= set(consented.split())
    if already_allowed:
        assert response.status_code == 302
    else:
        assert response.status_code == 200 and listed_on(response) == scopes(expected)
        response = browser.post(path, data={"csrf_token": csrf_from(response.get_data(as_text=True)),
                                            "decision": "approve"})
    params = query_of(response)
    assert params["iss"] == identity.config["ISSUER"] and params["state"] == "s-7"
    body = exchange(browser, params["code"], "spa", APP_URI, pkce.verifier).get_json()
    assert scopes(body["scope"]) == scopes(expected)
    assert scopes(decode(identity, body["access_token"]).claims["scope"]) == scopes(expected)
    assert set(expected.split()) <= set(consents.consents(account_id())[0]["scopes"])


def test_id12_a_silent_request_for_an_unknown_scope_is_refused_not_answered_with_a_code(identity, browser):
    consents.remember(account_id(), "spa", ["openid"])
    response = browser.get(authorize_path("spa", APP_URI, "bogus", Pkce(), prompt="none"))
    assert query_of(response)["error"] == REFUSED and "code" not in query_of(response)


@pytest.fixture
def granted(browser):
    """spa tokens for 'openid offline_access orgs', approved on the consent page."""
    pkce = Pkce()
    path = authorize_path("spa", APP_URI, "openid offline_access orgs", pkce)
    page = browser.get(path)
    response = browser.post(path, data={"csrf_token": csrf_from(page.get_data(as_text=True)), "decision": "approve"})
    return exchange(browser, query_of(response)["code"], "spa", APP_URI, pkce.verifier).get_json()


@pytest.mark.parametrize("requested, expected", [
    pytest.param(None, "openid offline_access orgs", id="absent-means-the-original-grant"),
    pytest.param("bogus", REFUSED, id="unknown"),
    pytest.param("openid orgs", "openid orgs", id="narrower"),
    pytest.param("openid offline_access orgs", "openid offline_access orgs", id="equal"),
    pytest.param("openid offline_access orgs billing", REFUSED, id="broader-than-declared"),
    pytest.param("openid offline_access orgs profile", REFUSED, id="broader-than-consented"),
])
def test_id12_a_refresh_only_narrows_the_granted_scope(identity, browser, granted, requested, expected):
    form = {"grant_type": "refresh_token", "refresh_token": granted["refresh_token"], "client_id": "spa",
            **({"scope": requested} if requested else {})}
    response = browser.post("/oauth/token", data=form)
    if expected == REFUSED:
        assert response.status_code == 400 and response.get_json()["error"] == REFUSED
        assert refresh(browser, granted["refresh_token"], "spa").status_code == 200  # a bad request spends nothing
        return
    body = response.get_json()
    assert response.status_code == 200 and scopes(body["scope"]) == scopes(expected)
    assert scopes(decode(identity, body["access_token"]).claims["scope"]) == scopes(expected)
    # RFC 6749 6: the rotated refresh token keeps the original grant, no more and no less.
    again = refresh(browser, body["refresh_token"], "spa").get_json()
    assert scopes(again["scope"]) == scopes("openid offline_access orgs") and again["refresh_token"]


@pytest.mark.parametrize("requested, expected", [
    pytest.param(None, OPERATOR_DECLARED, id="absent-means-the-declared-default"),
    pytest.param("bogus", REFUSED, id="unknown"),
    pytest.param("orgs:read", "orgs:read", id="narrower"),
    pytest.param(OPERATOR_DECLARED, OPERATOR_DECLARED, id="equal"),
    pytest.param("orgs:read orgs:write", REFUSED, id="broader-than-declared"),
    pytest.param("openid", REFUSED, id="a-person-scope"),
])
def test_id12_client_credentials_issue_exactly_the_declared_scope_asked(identity, browser, requested, expected):
    form = {"grant_type": "client_credentials", **({"scope": requested} if requested else {})}
    response = browser.post("/oauth/token", data=form, headers=basic("operator", secret_of(identity, "operator")))
    body = response.get_json()
    if expected == REFUSED:
        assert response.status_code == 400 and response.mimetype == "application/json"
        assert body["error"] == REFUSED and body["error_description"] and "access_token" not in body
        return
    assert response.status_code == 200 and scopes(body["scope"]) == scopes(expected)
    assert scopes(decode(identity, body["access_token"]).claims["scope"]) == scopes(expected)


def test_id12_the_portal_without_a_scope_gets_its_declared_default_without_a_page(identity, browser):
    from .oauth_flow import portal_uri
    pkce = Pkce()
    response = browser.get(authorize_path("portal", portal_uri(identity), None, pkce))
    params = query_of(response)
    assert response.status_code == 302 and params["iss"] == identity.config["ISSUER"]
    body = exchange(browser, params["code"], "portal", portal_uri(identity), pkce.verifier,
                    secret_of(identity, "portal")).get_json()
    assert scopes(body["scope"]) == scopes("account billing email offline_access openid orgs partner profile")


@pytest.mark.parametrize("query", [{"prompt": "none"}, {"max_age": "soon"}, {"response_type": "token"}])
def test_rfc9207_error_redirects_name_the_issuer(identity, browser, query):
    params = query_of(browser.get(authorize_path("spa", APP_URI, "openid", Pkce(), state="s-8", **query)))
    assert params["error"] and params["state"] == "s-8" and params["iss"] == identity.config["ISSUER"]


def test_rfc9207_discovery_says_authorization_responses_carry_iss(identity):
    meta = identity.test_client().get("/.well-known/openid-configuration").get_json()
    assert meta["authorization_response_iss_parameter_supported"] is True
