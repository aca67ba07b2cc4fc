"""ID12: bad input on every OAuth2 endpoint gets the OAuth2 error format, never a 500."""
import pytest


from .oauth_fixtures import browser, identity  # noqa: F401 - fixtures
from .oauth_flow import APP_URI, Pkce, authorize_path, basic, query_of, secret_of


NUL = "a\x00b"
TOKEN_FORMS = [
    {},
    {"grant_type": "authorization_code"},
    {"grant_type": "authorization_code", "code": "x", "client_id": "spa"},
    {"grant_type": "authorization_code", "code": NUL, "client_id": NUL, "code_verifier": NUL},
    {"grant_type": "authorization_code", "code": "x" * 5000, "client_id": "x" * 500},
    {"grant_type": "refresh_token", "client_id": "spa"},
    {"grant_type": "refresh_token", "client_id": "spa", "refresh_token": "a.b.c"},
    {"grant_type": "refresh_token", "client_id": "spa", "refresh_token": NUL, "scope": NUL},
    {"grant_type": "password", "username": "a", "password": "b", "client_id": "spa"},
    {"grant_type": "implicit", "client_id": "spa"},
    {"grant_type": "client_credentials", "client_id": "spa"},
]


@pytest.mark.parametrize("form", TOKEN_FORMS)
def test_id12_bad_token_requests_get_rfc6749_errors(browser, form):
    response = browser.post("/oauth/token", data=form)
    assert 400 <= response.status_code < 500 and response.mimetype == "application/json"
    assert response.get_json()["error"] in ("invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
                                            "unsupported_grant_type", "invalid_scope")


def test_id12_a_wrong_client_secret_is_invalid_client(identity, browser):
    form = {"grant_type": "authorization_code", "code": "x", "redirect_uri": APP_URI}
    response = browser.post("/oauth/token", data=form, headers=basic("crm", "guess"))
    assert response.status_code == 401 and response.get_json()["error"] == "invalid_client"
    response = browser.post("/oauth/token", data={**form, "client_id": "crm"})  # confidential, no secret
    assert response.status_code in (400, 401) and response.get_json()["error"] == "invalid_client"


@pytest.mark.parametrize("path", ["/oauth/revoke", "/oauth/introspect"])
@pytest.mark.parametrize("form", [{}, {"token": ""}, {"token": NUL}, {"token": "a.b.c", "token_type_hint": "weird"},
                                  {"token": "x" * 10000}, {"token": "eyJhbGciOiJub25lIn0.e30."}])
def test_id12_bad_revocation_and_introspection_requests_get_rfc6749_errors(identity, browser, path, form):
    client_id = "operator" if path.endswith("introspect") else "portal"
    response = browser.post(path, data=form, headers=basic(client_id, secret_of(identity, client_id)))
    assert response.status_code < 500 and response.mimetype == "application/json"
    body = response.get_json()
    assert body.get("error") in ("invalid_request", "unsupported_token_type") or body == {"active": False} or body == {}


@pytest.mark.parametrize("path", ["/oauth/revoke", "/oauth/introspect"])
def test_id12_revocation_and_introspection_need_client_authentication(browser, path):
    response = browser.post(path, data={"token": "x"}, headers=basic("portal", "guess"))
    assert response.status_code == 401 and response.get_json()["error"] == "invalid_client"


@pytest.mark.parametrize("query", [
    "", "response_type=code", "client_id=spa", "client_id=nobody&response_type=code&redirect_uri=https://app.example/callback",
    "client_id=spa&client_id=crm&response_type=code", "client_id=spa&response_type=code",
    f"client_id={NUL}&response_type=code", "client_id=" + "x" * 3000,
])
def test_id12_authorization_requests_without_a_valid_redirect_uri_get_an_error_page(browser, query):
    response = browser.get("/oauth/authorize?" + query)
    assert response.status_code == 400 and "Location" not in response.headers
    assert response.mimetype == "text/html" and b"cannot be completed" in response.data


@pytest.mark.parametrize("extra", [
    {"scope": "openid", "nonce": "n" * 300}, {"scope": "openid", "nonce": NUL}, {"scope": "admin"},
    {"scope": "openid", "code_challenge": "short"}, {"scope": "openid", "prompt": "none login"},
    {"response_mode": "fragment", "scope": "openid"},
])
def test_id12_invalid_authorization_requests_go_back_to_a_valid_redirect_uri(identity, browser, extra):
    pkce = Pkce() if "code_challenge" not in extra else None
    query = {k: v for k, v in extra.items() if k != "scope"}
    if pkce is None:
        query["code_challenge_method"] = "S256"
    path = authorize_path("spa", APP_URI, extra["scope"], pkce, **query)
    response = browser.get(path)
    assert response.status_code in (200, 302), response.data
    if response.status_code == 302:
        assert response.headers["Location"].startswith(APP_URI) and "error" in query_of(response)


def test_id12_unknown_scopes_are_refused_not_dropped(identity, browser):
    response = browser.get(authorize_path("spa", APP_URI, "openid billing identity:read", Pkce()))
    assert response.status_code == 302 and query_of(response)["error"] == "invalid_scope"
