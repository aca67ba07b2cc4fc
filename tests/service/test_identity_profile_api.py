"""The person's profile through the API: name and language (PATCH /v1/me, its event), and the
mobile number that recovers the login email (PUT /v1/me/mobile, ID5)."""
import json

import pytest

from services.identity.models import Account, OutboxEvent
from tests.service.identity_helpers import PASSWORD, sign_up, user_token


@pytest.fixture
def anna(identity, identity_client, smtp_server):
    account = sign_up(identity_client, smtp_server, mobile="+41791234567", language="fr")
    return {"id": account["id"], "auth": user_token(identity, account["id"])}


def payloads(event_type):
    return [json.loads(e.envelope)["data"] for e in OutboxEvent.select().where(OutboxEvent.type == event_type)]


def test_sign_up_records_the_language_and_me_returns_it(identity_client, anna):
    assert identity_client.get("/v1/me", headers=anna["auth"]).get_json()["language"] == "fr"
    assert payloads("identity.account.registered")[0]["language"] == "fr"


def test_patch_me_changes_name_and_language_and_announces_the_whole_profile(identity_client, anna):
    response = identity_client.patch("/v1/me", json={"first_name": " Anne ", "language": "de"}, headers=anna["auth"])
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["first_name"], body["last_name"], body["language"]) == ("Anne", "Keller", "de")
    assert payloads("identity.account.profile-changed") == [
        {"account_id": anna["id"], "first_name": "Anne", "last_name": "Keller", "language": "de"}]
    identity_client.patch("/v1/me", json={"language": None}, headers=anna["auth"])
    assert Account.get_by_id(anna["id"]).language is None
    assert payloads("identity.account.profile-changed")[-1]["language"] is None


@pytest.mark.parametrize("body", [{}, {"language": "pt"}, {"first_name": "  "}, {"email": "x@example.org"},
                                  {"last_name": ""}])
def test_patch_me_refuses_empty_or_wrong_changes(identity_client, anna, body):
    response = identity_client.patch("/v1/me", json=body, headers=anna["auth"])
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert not payloads("identity.account.profile-changed")


def test_patch_me_needs_a_persons_token(identity_client, anna):
    assert identity_client.patch("/v1/me", json={"language": "de"}).status_code == 401


def test_id5_the_mobile_changes_only_with_the_password(identity_client, anna):
    wrong = identity_client.put("/v1/me/mobile", json={"mobile": "+41797654321", "password": "not the password"},
                                headers=anna["auth"])
    assert wrong.status_code == 403 and wrong.mimetype == "application/problem+json"
    assert Account.get_by_id(anna["id"]).mobile == "+41791234567"
    ok = identity_client.put("/v1/me/mobile", json={"mobile": "+41797654321", "password": PASSWORD},
                             headers=anna["auth"])
    assert ok.status_code == 200 and ok.get_json()["mobile"] == "+41797654321"


def test_id5_the_mobile_can_be_removed_and_must_be_e164(identity_client, anna):
    bad = identity_client.put("/v1/me/mobile", json={"mobile": "079 123 45 67", "password": PASSWORD},
                              headers=anna["auth"])
    assert bad.status_code == 422
    removed = identity_client.put("/v1/me/mobile", json={"mobile": None, "password": PASSWORD}, headers=anna["auth"])
    assert removed.status_code == 200 and removed.get_json()["mobile"] is None
    assert Account.get_by_id(anna["id"]).mobile is None
