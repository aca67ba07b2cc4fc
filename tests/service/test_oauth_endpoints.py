"""ID12: revocation (RFC 7009), introspection (RFC 7662), userinfo, discovery, JWKS rotation."""
from flask import g, jsonify

from services.common.auth import require_user
from services.identity.oauth import keys as signing_keys
from services.orgs import app as orgs_app
from tests.conftest import service_config

from .conftest import trust_identity
from .oauth_fixtures import browser, identity  # noqa: F401 - fixtures
from .oauth_flow import APP_URI, Pkce, basic, code_for, exchange, portal_uri, refresh, secret_of


def portal_tokens(identity, browser, scope="openid profile email offline_access orgs"):
    pkce = Pkce()
    code = code_for(browser, "portal", portal_uri(identity), scope, pkce, consent=False)
    response = exchange(browser, code, "portal", portal_uri(identity), pkce.verifier, secret_of(identity, "portal"))
    assert response.status_code == 200
    return response.get_json()


def introspect(identity, client, token, client_id="operator"):
    return client.post("/oauth/introspect", data={"token": token}, headers=basic(client_id, secret_of(identity, client_id)))


def revoke(identity, client, token, client_id="portal", **form):
    return client.post("/oauth/revoke", data={"token": token, **form}, headers=basic(client_id, secret_of(identity, client_id)))


def test_id12_introspection_describes_active_tokens(identity, browser):
    tokens = portal_tokens(identity, browser)
    body = introspect(identity, browser, tokens["access_token"]).get_json()
    assert body["active"] is True and body["client_id"] == "portal" and body["scope"].startswith("openid")
    assert body["sid"] and body["token_type"] == "Bearer"
    body = introspect(identity, browser, tokens["refresh_token"]).get_json()
    assert body["active"] is True and body["token_type"] == "refresh_token"
    assert introspect(identity, browser, "garbage").get_json() == {"active": False}


def test_id12_introspection_needs_a_client_holding_the_introspect_scope(identity, browser):
    tokens = portal_tokens(identity, browser)
    refused = introspect(identity, browser, tokens["access_token"], client_id="orgs")
    assert refused.status_code == 403 and refused.get_json()["error"] == "unauthorized_client"
    refused = introspect(identity, browser, tokens["access_token"], client_id="portal")
    assert refused.status_code == 403
    anonymous = browser.post("/oauth/introspect", data={"token": tokens["access_token"]})
    assert anonymous.status_code == 401 and anonymous.get_json()["error"] == "invalid_client"


def test_id12_revoking_an_access_token_makes_it_inactive_and_useless_at_userinfo(identity, browser):
    tokens = portal_tokens(identity, browser)
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert browser.get("/oauth/userinfo", headers=bearer).status_code == 200
    response = revoke(identity, browser, tokens["access_token"], token_type_hint="access_token")
    assert response.status_code == 200
    assert introspect(identity, browser, tokens["access_token"]).get_json() == {"active": False}
    assert browser.get("/oauth/userinfo", headers=bearer).status_code == 401


def test_id12_revoking_a_refresh_token_revokes_its_family(identity, browser):
    tokens = portal_tokens(identity, browser)
    rotated = refresh(browser, tokens["refresh_token"], "portal", secret_of(identity, "portal")).get_json()
    assert revoke(identity, browser, rotated["refresh_token"]).status_code == 200
    assert introspect(identity, browser, rotated["refresh_token"]).get_json() == {"active": False}
    response = refresh(browser, rotated["refresh_token"], "portal", secret_of(identity, "portal"))
    assert response.get_json()["error"] == "invalid_grant"


def test_id12_a_public_client_revokes_its_own_tokens_but_not_others(identity, browser):
    pkce = Pkce()
    code = code_for(browser, "spa", APP_URI, "openid offline_access", pkce)
    tokens = exchange(browser, code, "spa", APP_URI, pkce.verifier).get_json()
    others = revoke(identity, browser, tokens["refresh_token"], client_id="crm")
    assert others.status_code == 400 and introspect(identity, browser, tokens["refresh_token"]).get_json()["active"]
    mine = browser.post("/oauth/revoke", data={"token": tokens["refresh_token"], "client_id": "spa"})
    assert mine.status_code == 200 and not introspect(identity, browser, tokens["refresh_token"]).get_json()["active"]


def test_id12_revoking_an_unknown_token_is_not_an_error(identity, browser):
    assert revoke(identity, browser, "never-issued").status_code == 200


def test_id12_userinfo_gives_the_claims_the_scopes_allow(identity, browser):
    tokens = portal_tokens(identity, browser, "openid email")
    for method in (browser.get, browser.post):
        body = method("/oauth/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}).get_json()
        assert body == {"sub": body["sub"], "email": "anna@alpine-web.example", "email_verified": True}  # verified at sign-up (ID2)
    tokens = portal_tokens(identity, browser, "openid profile")
    body = browser.get("/oauth/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}).get_json()
    assert (body["given_name"], body["family_name"]) == ("Anna", "Keller") and "email" not in body


def test_id12_userinfo_refuses_missing_bad_service_and_non_openid_tokens(identity, browser, get_token):
    assert browser.get("/oauth/userinfo").status_code == 401
    response = browser.get("/oauth/userinfo", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401 and 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    _status, service = get_token("operator", scope="orgs:read")
    assert browser.get("/oauth/userinfo", headers={"Authorization": f"Bearer {service['access_token']}"}).status_code == 401
    tokens = portal_tokens(identity, browser, "orgs")
    response = browser.get("/oauth/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert response.status_code == 403 and response.get_json()["error"] == "insufficient_scope"


def test_id12_discovery_document_is_complete(identity):
    meta = identity.test_client().get("/.well-known/openid-configuration").get_json()
    issuer = identity.config["ISSUER"].rstrip("/")
    assert meta["authorization_endpoint"] == f"{issuer}/oauth/authorize"
    for key, path in (("token_endpoint", "/oauth/token"), ("revocation_endpoint", "/oauth/revoke"),
                      ("introspection_endpoint", "/oauth/introspect"), ("userinfo_endpoint", "/oauth/userinfo"),
                      ("jwks_uri", "/.well-known/jwks.json")):
        assert meta[key] == issuer + path
    assert meta["response_types_supported"] == ["code"] and meta["code_challenge_methods_supported"] == ["S256"]
    assert set(meta["grant_types_supported"]) == {"authorization_code", "refresh_token", "client_credentials"}
    assert {"openid", "profile", "email", "offline_access", "account", "orgs", "billing", "partner"} <= set(
        meta["scopes_supported"])
    assert "none" in meta["token_endpoint_auth_methods_supported"]
    assert meta["id_token_signing_alg_values_supported"] == ["RS256"]


def test_id12_after_key_rotation_both_keys_are_published_and_services_accept_tokens_of_either(
        identity, browser, tmp_path, databases):
    orgs = trust_identity(orgs_app.create_app(service_config(orgs_app, tmp_path, databases, "orgs")), identity)
    orgs.extensions["token_validator"].jwks.MIN_REFETCH = 0  # the cache refetches at once on an unknown kid

    @require_user("orgs")
    def whoami():
        return jsonify(account=g.account_id, amr=g.token["amr"])

    orgs.add_url_rule("/test/whoami", view_func=whoami)
    old = portal_tokens(identity, browser)["access_token"]
    assert orgs.test_client().get("/test/whoami", headers={"Authorization": f"Bearer {old}"}).status_code == 200
    new_kid = signing_keys.rotate(identity.config["VAR_DIR"])
    kids = [key["kid"] for key in identity.test_client().get("/.well-known/jwks.json").get_json()["keys"]]
    assert len(kids) == 2 and new_kid in kids
    new = portal_tokens(identity, browser)["access_token"]
    from services.common.auth import key_id
    assert key_id(new) == new_kid and key_id(old) != new_kid
    for token in (old, new):
        response = orgs.test_client().get("/test/whoami", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200 and response.get_json()["amr"] == ["pwd"]
    orgs.extensions["database"].close()


def test_id12_rotate_key_command_prints_the_new_kid(identity, tmp_path):
    import subprocess
    import sys
    env = {"VAR_DIR": identity.config["VAR_DIR"], "DATABASE_URL": f"sqlite:///{tmp_path}/cli.db", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "services.identity", "rotate-key"], env=env, capture_output=True,
                          text=True, timeout=60, cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]))
    assert done.returncode == 0, done.stderr
    keys = identity.test_client().get("/.well-known/jwks.json").get_json()["keys"]
    assert done.stdout.strip() in [key["kid"] for key in keys] and len(keys) == 2
