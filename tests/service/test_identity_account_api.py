"""The logged-in person's account API: profile, password, email, sessions, deletion (OR7)."""
import pytest

from services.identity.models import Account, BrowserSession, OutboxEvent
from tests.service.identity_helpers import PASSWORD, link_in, login, sign_up, user_token

EMAIL = "anna@alpine-web.example"
NEW_EMAIL = "anna.keller@new-agency.example"
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def anna(identity, identity_client, smtp_server):
    account = sign_up(identity_client, smtp_server)
    login(identity_client, EMAIL)
    session = BrowserSession.get()
    return {"id": account["id"], "sid": session.id, "auth": user_token(identity, account["id"], sid=session.id)}


def active_sessions():
    return {s.id for s in BrowserSession.select().where(BrowserSession.revoked_at.is_null())}


def test_me_returns_the_profile_and_never_the_password(identity_client, anna):
    body = identity_client.get("/v1/me", headers=anna["auth"]).get_json()
    assert body["email"] == EMAIL and body["email_verified"] is True and body["two_factor_enabled"] is False
    assert not {"password", "password_hash"} & set(body)


def test_me_refuses_service_tokens(identity_client, anna, get_token):
    _status, token = get_token("operator")
    response = identity_client.get("/v1/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert response.status_code in (401, 403) and response.mimetype == "application/problem+json"


def test_id1_changing_the_password_checks_the_current_one_and_ends_every_other_session(identity, identity_client, anna):
    other = BrowserSession.create(account=anna["id"])
    wrong = identity_client.post("/v1/me/password", json={"current_password": "not the password",
                                                          "new_password": NEW_PASSWORD}, headers=anna["auth"])
    assert wrong.status_code == 403
    weak = identity_client.post("/v1/me/password", json={"current_password": PASSWORD,
                                                         "new_password": "1234567890123"}, headers=anna["auth"])
    assert weak.status_code == 422 and weak.get_json()["rule"] == "ID1" and weak.get_json()["reasons"]
    assert active_sessions() == {anna["sid"], other.id}
    ok = identity_client.post("/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
                              headers=anna["auth"])
    assert ok.status_code == 204 and active_sessions() == {anna["sid"]}
    assert login(identity.test_client(), EMAIL, NEW_PASSWORD).status_code == 303


def test_a_new_login_email_takes_effect_only_when_its_link_is_used(identity, identity_client, anna, smtp_server):
    sign_up(identity_client, smtp_server, email="marc@lac-leman.example")
    taken = identity_client.post("/v1/me/email", json={"new_email": "marc@lac-leman.example", "password": PASSWORD},
                                 headers=anna["auth"])
    assert taken.status_code == 409
    wrong = identity_client.post("/v1/me/email", json={"new_email": NEW_EMAIL, "password": "not the password"},
                                 headers=anna["auth"])
    assert wrong.status_code == 403
    ok = identity_client.post("/v1/me/email", json={"new_email": NEW_EMAIL, "password": PASSWORD}, headers=anna["auth"])
    assert ok.status_code == 202 and Account.get_by_id(anna["id"]).email == EMAIL
    [message] = smtp_server.wait_for(NEW_EMAIL)
    assert identity_client.get(link_in(message, "/verify-email")).status_code == 200
    assert Account.get_by_id(anna["id"]).email == NEW_EMAIL
    event = OutboxEvent.get(OutboxEvent.type == "identity.account.email_changed")
    assert NEW_EMAIL in event.envelope and EMAIL in event.envelope
    assert login(identity.test_client(), NEW_EMAIL).status_code == 303
    # The old address is told, with the new one (a stolen session cannot switch silently).
    notice = smtp_server.wait_for(EMAIL)[-1]
    assert "login email changed" in notice["Subject"] and NEW_EMAIL in notice.get_content()


def test_sessions_are_listed_and_one_can_be_ended(identity, identity_client, anna, smtp_server):
    other = BrowserSession.create(account=anna["id"], user_agent="Safari/18")
    listed = identity_client.get("/v1/me/sessions", headers=anna["auth"]).get_json()
    assert {s["id"] for s in listed} == {str(anna["sid"]), str(other.id)}
    assert [s["current"] for s in listed if s["id"] == str(anna["sid"])] == [True]
    assert identity_client.delete(f"/v1/me/sessions/{other.id}", headers=anna["auth"]).status_code == 204
    assert active_sessions() == {anna["sid"]}
    marc = sign_up(identity_client, smtp_server, email="marc@lac-leman.example")
    marcs = BrowserSession.create(account=marc["id"])
    response = identity_client.delete(f"/v1/me/sessions/{marcs.id}", headers=anna["auth"])
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert marcs.id in active_sessions()
