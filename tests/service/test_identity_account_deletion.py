"""Deleting one's account (OR7): identity asks orgs over real HTTP, with its own service token.

`orgs_stand_in` is a tiny real HTTP server standing in for orgs'
GET /v1/accounts/{id}/sole-legal-representations until the real orgs app has it; identity
itself is served over HTTP too, so the client-credentials token is fetched for real.
"""
import base64
import json
import socket
import threading

import pytest
from flask import Flask, request
from werkzeug.serving import make_server

from services.identity import app as identity_app
from services.identity.models import BrowserSession, EmailToken, KnownDevice, LoginAttempt, OutboxEvent
from tests.conftest import service_config
from tests.service.identity_helpers import PASSWORD, login, sign_up, user_token

EMAIL = "anna@alpine-web.example"


def serve(app, port=0):
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def orgs_stand_in():
    state = {"sole": {}, "tokens": []}
    app = Flask("orgs-stand-in")

    @app.get("/v1/accounts/<account_id>/sole-legal-representations")
    def sole(account_id):
        payload = request.headers.get("Authorization", "").split(" ")[-1].split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        state["tokens"].append(claims)
        if "orgs:memberships:read" not in claims.get("scope", "").split():
            return {"detail": "scope"}, 403
        return {"organization_ids": state["sole"].get(account_id, [])}

    server = serve(app)
    state["url"] = f"http://127.0.0.1:{server.server_port}"
    yield state
    server.shutdown()


@pytest.fixture
def served_identity(tmp_path, databases, smtp_server, orgs_stand_in):
    port = free_port()
    config = service_config(identity_app, tmp_path, databases, "identity", SMTP_URL=smtp_server.url,
                            TOKEN_URL=f"http://127.0.0.1:{port}/oauth/token",
                            SERVICE_URLS={"portal": "http://127.0.0.1:8000", "orgs": orgs_stand_in["url"]})
    app = identity_app.create_app(config)
    server = serve(app, port)
    yield app
    server.shutdown()
    app.extensions["database"].close()


@pytest.fixture
def anna(served_identity, smtp_server):
    client = served_identity.test_client()
    account = sign_up(client, smtp_server)
    login(client, EMAIL)
    session = BrowserSession.get()
    return {"id": account["id"], "client": client, "auth": user_token(served_identity, account["id"], sid=session.id)}


def delete_me(anna, password=PASSWORD):
    return anna["client"].delete("/v1/me", json={"password": password}, headers=anna["auth"])


def test_or7_the_last_legal_representative_cannot_delete_the_account(anna, orgs_stand_in):
    orgs_stand_in["sole"][anna["id"]] = ["0b0b0b0b-0000-4000-8000-000000000001"]
    response = delete_me(anna)
    assert response.status_code == 409 and response.get_json()["rule"] == "OR7"
    assert response.get_json()["organization_ids"] == ["0b0b0b0b-0000-4000-8000-000000000001"]
    [claims] = orgs_stand_in["tokens"]
    assert claims["client_id"] == "identity" and "orgs" in claims["aud"]
    assert anna["client"].get("/v1/me", headers=anna["auth"]).status_code == 200


def test_deleting_needs_the_password(anna, orgs_stand_in):
    assert delete_me(anna, "not the password").status_code == 403
    assert orgs_stand_in["tokens"] == []


def test_deleting_the_account_ends_its_sessions_and_emits_the_event(anna, smtp_server):
    assert delete_me(anna).status_code == 204
    assert BrowserSession.select().where(BrowserSession.revoked_at.is_null()).count() == 0
    assert anna["client"].get("/v1/me", headers=anna["auth"]).status_code == 404
    event = OutboxEvent.get(OutboxEvent.type == "identity.account.deleted")
    assert anna["id"] in event.envelope
    for table in (EmailToken, KnownDevice, LoginAttempt):
        assert table.select().where(table.account == anna["id"]).count() == 0
    assert login(anna["client"], EMAIL).status_code == 401
    sign_up(anna["client"], smtp_server, verify=False)  # the address is free again


def test_when_orgs_cannot_be_asked_nothing_is_deleted(served_identity, anna, orgs_stand_in):
    served_identity.config["SERVICE_URLS"]["orgs"] = f"http://127.0.0.1:{free_port()}"
    response = delete_me(anna)
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert anna["client"].get("/v1/me", headers=anna["auth"]).status_code == 200
