"""ID12: tokens of ended sessions, and revoked tokens, are refused by every service at once
(services/common/revocations.py), not only when they expire."""
import time
import uuid

import pytest

from services.common import revocations
from services.identity.models import BrowserSession, OutboxEvent
from services.orgs.handlers import SUBSCRIPTIONS
from services.orgs.models import RevokedCredential
from tests.conftest import mint_user_token

from .identity_helpers import PASSWORD, csrf, login, sign_up, user_token
from .orgs_support import orgs, people  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def reload_every_check(monkeypatch):
    monkeypatch.setattr(revocations.RevocationList, "REFRESH_SECONDS", 0)


def org_reader(identity, account_id, sid=None, jti=None):
    claims = {"sid": str(sid)} if sid else {}
    token = mint_user_token(identity.config["VAR_DIR"], identity.config["ISSUER"], account_id, "openid orgs",
                            ["orgs"], **claims)
    if jti:  # the same token with a known jti: decode, replace, re-sign
        from joserfc import jwt

        from services.identity.oauth.keys import SigningKeys
        keys = SigningKeys(identity.config["VAR_DIR"]).current()
        decoded = jwt.decode(token, keys)
        token = jwt.encode(decoded.header, {**decoded.claims, "jti": jti}, keys)
    return {"Authorization": f"Bearer {token}"}


def test_id12_orgs_refuses_tokens_of_a_revoked_session_once_the_event_is_recorded(orgs, identity, people):
    anna = people("anna@example.ch")
    org = anna.create_org()
    session, other = uuid.uuid4(), uuid.uuid4()
    headers, unrelated = org_reader(identity, anna.id, sid=session), org_reader(identity, anna.id, sid=other)
    client = orgs.test_client()
    assert client.get(f"/v1/organizations/{org}", headers=headers).status_code == 200
    event = {"account_id": uuid.UUID(anna.id), "session_ids": [session]}
    SUBSCRIPTIONS["identity.sessions.revoked"](event, {})
    SUBSCRIPTIONS["identity.sessions.revoked"](event, {})  # a redelivery changes nothing
    assert RevokedCredential.select().count() == 1
    refused = client.get(f"/v1/organizations/{org}", headers=headers)
    assert refused.status_code == 401 and "revoked" in refused.get_json()["detail"]
    assert client.get(f"/v1/organizations/{org}", headers=unrelated).status_code == 200


def test_id12_orgs_refuses_a_revoked_access_token_and_forgets_rows_past_their_use(orgs, identity, people, clock):
    anna = people("anna@example.ch")
    org = anna.create_org()
    headers = org_reader(identity, anna.id, jti="jti-revoked")
    client = orgs.test_client()
    assert client.get(f"/v1/organizations/{org}", headers=headers).status_code == 200
    SUBSCRIPTIONS["identity.access_token.revoked"]({"jti": "jti-revoked", "expires_at": int(time.time()) + 300}, {})
    assert client.get(f"/v1/organizations/{org}", headers=headers).status_code == 401
    # Rows whose tokens can no longer be valid are pruned when the next revocation arrives.
    clock.advance(seconds=301 + 60)
    SUBSCRIPTIONS["identity.access_token.revoked"]({"jti": "another", "expires_at": int(time.time()) + 300}, {})
    assert [r.value for r in RevokedCredential.select()] == ["another"]


def test_id12_identity_announces_logouts_ended_sessions_password_changes_and_revoked_tokens(
        identity, identity_client, smtp_server, get_token):
    account = sign_up(identity_client, smtp_server)
    login(identity_client, "anna@alpine-web.example")
    first = BrowserSession.get()
    other = BrowserSession.create(account=account["id"], user_agent="Safari")
    third = BrowserSession.create(account=account["id"], user_agent="Firefox")

    def announced(event_type):
        import json
        return [json.loads(e.envelope)["data"] for e in OutboxEvent.select().where(OutboxEvent.type == event_type)]
    me = user_token(identity, account["id"], sid=first.id)
    assert identity_client.delete(f"/v1/me/sessions/{other.id}", headers=me).status_code == 204
    assert announced("identity.sessions.revoked")[-1]["session_ids"] == [str(other.id)]
    assert identity_client.post("/v1/me/password", json={"current_password": PASSWORD,
                                                         "new_password": "another strong passphrase"},
                                headers=me).status_code == 204
    assert announced("identity.sessions.revoked")[-1]["session_ids"] == [str(third.id)]  # all but the current
    identity_client.post("/logout", data={"csrf_token": csrf(identity_client)})
    assert announced("identity.sessions.revoked")[-1]["session_ids"] == [str(first.id)]
    # Identity's own endpoints refuse the logged-out session's token too.
    refused = identity_client.get("/v1/me", headers=me)
    assert refused.status_code == 401 and "revoked" in refused.get_json()["detail"]
    # RFC 7009 on an access token.
    _status, body = get_token("operator")
    from .oauth_flow import basic, secret_of
    revoked = identity_client.post("/oauth/revoke", data={"token": body["access_token"]},
                                   headers=basic("operator", secret_of(identity, "operator")))
    assert revoked.status_code == 200
    [event] = announced("identity.access_token.revoked")
    assert event["jti"] and event["expires_at"] > time.time()


@pytest.mark.parametrize("name", ["orgs", "billing", "partner"])
def test_id12_every_resource_service_checks_revocations_and_consumes_identitys_announcements(
        tmp_path, databases, name):
    """A service that forgot the wiring would accept revoked tokens until they expire."""
    from importlib import import_module

    from tests.conftest import service_config
    app_module = import_module(f"services.{name}.app")
    app = app_module.create_app(service_config(app_module, tmp_path, databases, name))
    assert app.extensions["revocations"] is not None
    assert app.extensions["revocations"].is_revoked({"sid": "nobody", "jti": "nothing"}) is False
    handled = import_module(f"services.{name}.handlers").SUBSCRIPTIONS
    assert {"identity.sessions.revoked", "identity.access_token.revoked"} <= set(handled)
    app.extensions["database"].close()
