"""ID12 for services: client credentials -> RS256 JWT (RFC 9068), verified locally by each service."""
import time

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from services.identity.oauth.keys import SigningKeys
from services.orgs import app as orgs_app
from tests.conftest import service_config

from .conftest import basic, trust_identity


def test_id12_client_credentials_token_is_an_rfc9068_jwt(identity, identity_client, get_token):
    status, body = get_token("operator", scope="orgs:read")
    assert status == 200 and body["token_type"] == "Bearer" and body["expires_in"] == 600
    jwks = KeySet.import_key_set(identity_client.get("/.well-known/jwks.json").get_json())
    token = jwt.decode(body["access_token"], jwks)
    assert token.header["alg"] == "RS256" and token.header["typ"] == "at+jwt" and token.header["kid"]
    claims = token.claims
    assert {"iss", "sub", "aud", "exp", "iat", "jti", "scope", "client_id"} <= set(claims)
    assert claims["iss"] == identity.config["ISSUER"] and claims["sub"] == "operator" == claims["client_id"]
    assert claims["scope"] == "orgs:read" and claims["aud"] == ["orgs"]
    assert claims["exp"] - claims["iat"] == 600


def test_id12_a_client_gets_only_the_scopes_it_was_declared_with(get_token):
    status, body = get_token("orgs", scope="billing:read orgs:read partner:read")
    assert status == 400 and body["error"] == "invalid_scope"
    status, body = get_token("orgs")
    assert status == 200 and body["scope"] == "billing:read"


def test_id12_a_wrong_secret_or_unknown_client_gets_no_token(identity_client):
    response = identity_client.post("/oauth/token", data={"grant_type": "client_credentials"},
                                    headers=basic("operator", "guess"))
    assert response.status_code == 401 and response.get_json()["error"] == "invalid_client"
    response = identity_client.post("/oauth/token", data={"grant_type": "client_credentials"},
                                    headers=basic("nobody", "guess"))
    assert response.status_code == 401


def test_id12_no_password_grant(identity_client):
    response = identity_client.post("/oauth/token", data={"grant_type": "password", "username": "a", "password": "b"},
                                    headers=basic("operator", "x"))
    assert response.status_code in (400, 401)


def test_id12_discovery_and_jwks_are_published(identity, identity_client):
    meta = identity_client.get("/.well-known/openid-configuration").get_json()
    assert meta["issuer"] == identity.config["ISSUER"]
    assert meta["jwks_uri"].endswith("/.well-known/jwks.json") and meta["token_endpoint"].endswith("/oauth/token")
    keys = identity_client.get("/.well-known/jwks.json").get_json()["keys"]
    assert keys and all(k["kty"] == "RSA" and "d" not in k for k in keys)


def test_id12_secrets_and_keys_are_generated_under_var_not_in_the_repo(identity):
    from pathlib import Path
    var = Path(identity.config["VAR_DIR"])
    assert (var / "secrets" / "operator").stat().st_mode & 0o077 == 0
    assert list((var / "keys").glob("signing-*.pem"))


@pytest.fixture
def orgs(tmp_path, databases, identity):
    return trust_identity(orgs_app.create_app(service_config(orgs_app, tmp_path, databases, "orgs")), identity)


def forged(identity, **claims):
    now = int(time.time())
    base = {"iss": identity.config["ISSUER"], "sub": "operator", "client_id": "operator", "aud": ["orgs"],
            "iat": now, "exp": now + 60, "jti": "x", "scope": "orgs:read"}
    base.update(claims)
    keys = SigningKeys(identity.config["VAR_DIR"]).current()
    return jwt.encode({"alg": "RS256", "typ": "at+jwt", "kid": keys.keys[0].kid}, base, keys)


def call(orgs, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return orgs.test_client().get("/v1/organizations/6f1c1b7e-9f5a-4d8e-9a57-0c8f5b7f1a11", headers=headers)


def test_id12_services_answer_401_without_a_token(orgs):
    response = call(orgs)
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_id12_services_accept_a_good_token_locally(orgs, get_token):
    _status, body = get_token("operator", scope="orgs:read")
    assert call(orgs, body["access_token"]).status_code == 404  # authorized; the organization is unknown


def test_id12_services_answer_403_when_the_scope_is_missing(orgs, identity):
    response = call(orgs, forged(identity, scope="billing:read"))
    assert response.status_code == 403 and "orgs:read" in response.get_json()["detail"]


@pytest.mark.parametrize("claims", [
    {"exp": int(time.time()) - 120},
    {"aud": ["billing"]},
    {"iss": "http://evil.example"},
])
def test_id12_services_reject_expired_foreign_or_misaddressed_tokens(orgs, identity, claims):
    assert call(orgs, forged(identity, **claims)).status_code == 401


def test_id12_services_reject_tokens_signed_by_another_key(orgs, identity):
    stranger = KeySet([RSAKey.generate_key(2048, private=True)])
    now = int(time.time())
    token = jwt.encode({"alg": "RS256"}, {"iss": identity.config["ISSUER"], "sub": "x", "client_id": "x",
                                          "aud": ["orgs"], "iat": now, "exp": now + 60, "jti": "j",
                                          "scope": "orgs:read"}, stranger)
    assert call(orgs, token).status_code == 401
    assert call(orgs, "not.a.jwt").status_code == 401


def test_id12_user_endpoints_take_a_persons_token_never_a_service_token(orgs, identity, get_token):
    from flask import g, jsonify

    from services.common.auth import require_user
    from tests.conftest import mint_user_token

    @require_user("orgs")
    def whoami():
        return jsonify(account=g.account_id)

    orgs.add_url_rule("/test/whoami", view_func=whoami)
    client = orgs.test_client()
    person = mint_user_token(identity.config["VAR_DIR"], identity.config["ISSUER"], "0b6f8a6e-3c1d-4f0e-9d47-5c2a1b7e9f10",
                             "openid orgs", ["orgs"])
    assert client.get("/test/whoami", headers={"Authorization": f"Bearer {person}"}).get_json() == {
        "account": "0b6f8a6e-3c1d-4f0e-9d47-5c2a1b7e9f10"}
    _status, body = get_token("operator", scope="orgs:read")
    refused = client.get("/test/whoami", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert refused.status_code == 403 and "person" in refused.get_json()["detail"]


def test_id12_a_cached_signature_check_still_enforces_expiry(orgs, identity):
    token = forged(identity, exp=int(time.time()) + 2)
    assert call(orgs, token).status_code == 404  # valid: verified once, then cached
    time.sleep(2.5)
    assert call(orgs, token).status_code == 401  # expired: refused although its signature is cached


def test_id12_a_token_accepted_once_is_refused_once_it_expires(orgs, identity, monkeypatch):
    """Resource servers remember tokens whose claims passed, but never past their `exp`."""
    token = forged(identity, exp=int(time.time()) + 30)
    assert call(orgs, token).status_code == 404  # accepted (and remembered)
    assert call(orgs, token).status_code == 404
    later = time.time() + 31
    monkeypatch.setattr(time, "time", lambda: later)
    assert call(orgs, token).status_code == 401
