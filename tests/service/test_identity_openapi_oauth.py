"""ID12: identity's /openapi.json documents its OAuth2 endpoints (errors as RFC 6749 5.2 JSON, not
problems) and its HTML pages, and the answers that fuzzing found wrong are now what it documents.
(The fuzzing itself is test_openapi_contract.py.)"""
import pytest

from .oauth_fixtures import browser, identity  # noqa: F401 - fixtures
from .oauth_flow import APP_URI, Pkce, authorize_path, query_of

OAUTH = ["/oauth/authorize", "/oauth/token", "/oauth/revoke", "/oauth/introspect", "/oauth/userinfo",
         "/.well-known/openid-configuration", "/.well-known/jwks.json", "/oauth/logout"]
PAGES = ["/login", "/login/2fa", "/login/2fa/lost", "/logout", "/signup", "/verify-email", "/reset-password",
         "/forgot-password", "/forgot-login-email", "/language", "/signed-out", "/"]


def test_id12_the_document_describes_the_oauth2_endpoints_and_the_pages(identity):
    spec = identity.test_client().get("/openapi.json").get_json()
    assert set(OAUTH + PAGES) <= set(spec["paths"])
    for path in OAUTH[1:5]:
        for operation in spec["paths"][path].values():
            errors = {status: r for status, r in operation["responses"].items() if status in ("400", "401", "403")}
            # OAuth2's JSON; a 400 may also be the web layer's problem for an over-long value.
            assert errors and all(set(r["content"]) == {"application/json"} or status == "400"
                                  for status, r in errors.items()), path
            assert all(set(r["content"]) <= {"application/json", "application/problem+json"} for r in errors.values())
            assert all(r["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/OAuth2Error"}
                       for r in errors.values() if "application/json" in r["content"])
    token_forms = spec["paths"]["/oauth/token"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
    assert [f["properties"]["grant_type"]["enum"] for f in token_forms["schema"]["oneOf"]] == [
        ["authorization_code"], ["refresh_token"], ["client_credentials"]]
    for path in PAGES:
        for operation in spec["paths"][path].values():
            assert any("text/html" in r.get("content", {}) or "Location" in r.get("headers", {})
                       for r in operation["responses"].values()), path
    flows = spec["components"]["securitySchemes"]["oauth2"]["flows"]
    assert flows["clientCredentials"]["tokenUrl"] == identity.config["ISSUER"] + "/oauth/token"


@pytest.mark.parametrize("response_type", ['"\x9a', "token", "code\\x"])
def test_id12_an_unsupported_response_type_goes_back_as_an_error_whatever_its_characters(identity, browser,
                                                                                         response_type):
    response = browser.get(authorize_path("spa", APP_URI, "openid", Pkce(), response_type=response_type))
    params = query_of(response)
    assert response.status_code == 302 and params["error"] == "unsupported_response_type"
    assert params["error_description"] == "Only response_type=code is supported."
    assert params["iss"] == identity.config["ISSUER"]


@pytest.mark.parametrize("path, form", [
    ("/oauth/token", {"grant_type": "client_credentials", "client_id": "nobody"}),
    ("/oauth/revoke", {"token": "x", "client_id": "nobody"}),
    ("/oauth/introspect", {"token": "x", "client_id": "nobody", "client_secret": "guess"}),
])
def test_id12_a_failed_client_authentication_is_always_401_with_a_challenge(browser, path, form):
    response = browser.post(path, data=form)
    assert response.status_code == 401 and response.get_json()["error"] == "invalid_client"
    assert response.headers["WWW-Authenticate"].startswith("Basic ")


@pytest.mark.parametrize("path", ["/oauth/token", "/login", "/verify-email"])
def test_a_method_the_path_does_not_have_is_405_whatever_the_body(browser, path):
    response = browser.put(path, data={"a": "b"})
    assert response.status_code == 405 and "Allow" in response.headers


def test_a_form_without_its_csrf_token_is_403_with_a_page_saying_so(browser):
    response = browser.post("/logout", data={})
    assert response.status_code == 403 and response.mimetype == "text/html"
    assert "This form expired" in response.get_data(as_text=True)


def test_id12_an_over_long_parameter_is_a_documented_400_in_the_endpoints_format(identity):
    client = identity.test_client()
    answer = client.post("/oauth/token", data={"grant_type": "client_credentials", "scope": "x" * 4097})
    assert answer.status_code == 400 and answer.get_json()["error"] == "invalid_request"
    answer = client.post("/login", data={"email": "a@example.ch", "password": "p" * 4097})
    assert answer.status_code == 400 and answer.mimetype == "application/problem+json"
    spec = client.get("/openapi.json").get_json()
    state = next(p for p in spec["paths"]["/oauth/authorize"]["get"]["parameters"] if p["name"] == "state")
    assert state["schema"]["maxLength"] == 4096
