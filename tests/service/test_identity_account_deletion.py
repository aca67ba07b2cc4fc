"""Deleting one's account (OR7): identity asks the real orgs app over HTTP, with its own
service token (identity is served over HTTP too, so the client-credentials token is real)."""
import pytest

from services.identity.models import BrowserSession, EmailToken, KnownDevice, LoginAttempt, OutboxEvent
from services.orgs import service as orgs_service
from tests.service.identity_helpers import PASSWORD, login, sign_up, user_token
from tests.service.served import free_port, orgs, served_identity  # noqa: F401 - fixtures

EMAIL = "anna@alpine-web.example"


@pytest.fixture
def anna(served_identity, smtp_server):
    client = served_identity.test_client()
    account = sign_up(client, smtp_server)
    login(client, EMAIL)
    session = BrowserSession.get()
    return {"id": account["id"], "client": client, "auth": user_token(served_identity, account["id"], sid=session.id)}


def delete_me(anna, password=PASSWORD):
    return anna["client"].delete("/v1/me", json={"password": password}, headers=anna["auth"])


def test_or7_the_last_legal_representative_cannot_delete_the_account(anna, orgs):
    organization = orgs_service.create_organization("Alpine Web", "company", "CHF", founder_id=anna["id"])
    response = delete_me(anna)
    assert response.status_code == 422 and response.get_json()["rule"] == "OR7"
    assert response.get_json()["organization_ids"] == [str(organization.id)]
    assert anna["client"].get("/v1/me", headers=anna["auth"]).status_code == 200


def test_deleting_needs_the_password(anna):
    assert delete_me(anna, "not the password").status_code == 403


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


def test_when_orgs_cannot_be_asked_nothing_is_deleted(served_identity, anna):
    served_identity.config["SERVICE_URLS"]["orgs"] = f"http://127.0.0.1:{free_port()}"
    response = delete_me(anna)
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert anna["client"].get("/v1/me", headers=anna["auth"]).status_code == 200
