"""Tenant isolation on identity: every path naming a resource, called by ANOTHER account with
the victim's identifiers, is a 404 problem, never data (service endpoints do not exist for people).

The paths come from identity's own /openapi.json, so a new endpoint is covered the day it is
added; a path parameter this test has no victim value for makes it fail."""
import re

import pytest

from services.identity.oauth import consents
from services.identity.models import BrowserSession
from services.identity.oauth.models import OAuthConsent
from tests.service.identity_helpers import PASSWORD, login, sign_up, user_token

BODY_VALUES = {"password": "another strong passphrase", "current_password": PASSWORD,
               "new_password": "another strong passphrase", "email": "x@example.org",
               "new_email": "x@example.org", "code": "123456"}


@pytest.fixture
def victim(identity, identity_client, smtp_server):
    account = sign_up(identity_client, smtp_server, email="victim@alpine-web.example")
    login(identity_client, "victim@alpine-web.example")
    session = BrowserSession.get(BrowserSession.account == account["id"])
    consents.remember(account["id"], "crm", ["openid", "email"])  # an app the victim allowed
    # The values another account might know or guess: the victim's ids, and a token it never saw.
    return {"account_id": account["id"], "session_id": str(session.id), "token": "x" * 43,
            "email": "victim@alpine-web.example", "client_id": "crm"}


@pytest.fixture
def attacker(identity, identity_client, smtp_server):
    account = sign_up(identity_client, smtp_server, email="mallory@example.net")
    return user_token(identity, account["id"], sid=None, scope="openid account")


def _body(spec, operation):
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return None
    schema = content["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    missing = [name for name in schema.get("required", []) if name not in BODY_VALUES]
    assert not missing, f"no test value for the body fields {missing}"
    return {name: BODY_VALUES[name] for name in schema.get("required", [])}


def test_another_account_gets_404_for_every_victim_resource(identity_client, victim, attacker):
    spec = identity_client.get("/openapi.json").get_json()
    checked = []
    for path, operations in spec["paths"].items():
        names = re.findall(r"{(\w+)}", path)
        if not names:
            continue
        unknown = [n for n in names if n not in victim]
        assert not unknown, f"{path}: no victim value for {unknown}; add one to this test"
        url = re.sub(r"{(\w+)}", lambda m: victim[m.group(1)], path)
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            body = _body(spec, operation)
            response = identity_client.open(url, method=method.upper(), json=body, headers=attacker)
            assert response.status_code == 404, (method, url, response.status_code, response.get_data(as_text=True))
            assert response.mimetype == "application/problem+json"
            text = str({k: v for k, v in response.get_json().items() if k != "instance"})  # instance echoes the URL
            assert victim["email"] not in text and victim["session_id"] not in text
            checked.append((method, path))
    assert ("delete", "/v1/me/sessions/{session_id}") in checked and ("get", "/v1/accounts/{account_id}") in checked
    assert BrowserSession.select().where(BrowserSession.revoked_at.is_null()).count() == 1
    assert ("delete", "/v1/me/consents/{client_id}") in checked and OAuthConsent.select().count() == 1
