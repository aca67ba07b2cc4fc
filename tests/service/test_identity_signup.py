"""Sign-up with email verification (ID1-ID3, ID5) and password storage."""
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from argon2.low_level import Type

from services.identity.credentials import passwords
from services.identity.models import Account, EmailToken, OutboxEvent
from tests.service.identity_helpers import PASSWORD, link_in, login, person, sign_up

EMAIL = "anna@alpine-web.example"


def test_id2_sign_up_mails_a_single_use_24h_link_and_keeps_only_its_hash(identity_client, smtp_server):
    body = sign_up(identity_client, smtp_server, verify=False)
    [message] = smtp_server.wait_for(EMAIL)
    path = link_in(message, "/verify-email")
    token = path.split("token=")[1]
    [row] = EmailToken.select()
    assert row.token_hash != token and token not in row.token_hash and row.purpose == "verify"
    assert abs((row.expires_at - row.created_at) - timedelta(hours=24)) < timedelta(seconds=5)
    assert Account.get_by_id(body["id"]).email_verified_at is None
    assert "confirmed" in identity_client.get(path).get_data(as_text=True)
    assert Account.get_by_id(body["id"]).email_verified_at is not None
    again = identity_client.get(path)
    assert again.status_code == 404 and "invalid, already used or expired" in again.get_data(as_text=True)


def test_id2_an_expired_verification_link_is_refused(identity_client, smtp_server, clock):
    body = sign_up(identity_client, smtp_server, verify=False)
    clock.advance(hours=24, seconds=1)
    assert identity_client.get(link_in(smtp_server.wait_for(EMAIL)[0], "/verify-email")).status_code == 404
    assert Account.get_by_id(body["id"]).email_verified_at is None


def test_id2_an_unverified_account_cannot_log_in_and_is_told_why(identity_client, smtp_server):
    sign_up(identity_client, smtp_server, verify=False)
    response = login(identity_client, EMAIL)
    assert response.status_code == 401 and "Confirm your email address first" in response.get_data(as_text=True)
    wrong = login(identity_client, EMAIL, "not the password at all")
    assert "The email or the password is wrong." in wrong.get_data(as_text=True)  # no hint without the password


def test_id2_after_verification_the_account_logs_in(identity_client, smtp_server):
    sign_up(identity_client, smtp_server)
    assert login(identity_client, EMAIL).status_code == 303


def test_id2_verification_resend_is_always_202_and_replaces_the_link(identity_client, smtp_server):
    sign_up(identity_client, smtp_server, verify=False)
    first = link_in(smtp_server.wait_for(EMAIL)[0], "/verify-email")
    for email in (EMAIL, "nobody@example.org"):
        response = identity_client.post("/v1/accounts/verification-resend", json={"email": email})
        assert response.status_code == 202 and response.get_json() == {"status": "accepted"}
    second = link_in(smtp_server.wait_for(EMAIL, count=2)[1], "/verify-email")
    assert smtp_server.to("nobody@example.org") == []
    assert identity_client.get(first).status_code == 404
    assert identity_client.get(second).status_code == 200


def test_id3_the_registered_event_is_emitted_at_sign_up_before_verification(identity_client, smtp_server):
    sign_up(identity_client, smtp_server, verify=False)
    assert [e.type for e in OutboxEvent.select()] == ["identity.account.registered"]


def test_id5_sign_up_keeps_the_mobile_number(identity_client, smtp_server):
    body = sign_up(identity_client, smtp_server, verify=False, mobile="+41791234567")
    assert Account.get_by_id(body["id"]).mobile == "+41791234567"


@pytest.mark.parametrize("password, reason", [
    ("12345678901234", "only digits"),
    ("anna-secret-words", "part of your email address"),
    ("qwertyuiop", "most common passwords"),
])
def test_id1_weak_passwords_are_refused_with_the_reasons_and_nothing_is_written(identity_client, password, reason):
    response = identity_client.post("/v1/accounts", json=person(password=password))
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["rule"] == "ID1" and reason in body["detail"] and any(reason in r for r in body["reasons"])
    assert Account.select().count() == 0 and OutboxEvent.select().count() == 0


def test_id1_passwords_are_stored_with_argon2id_m19mib_t2_p1(identity_client, smtp_server):
    sign_up(identity_client, smtp_server, verify=False)
    stored = Account.get().password_hash
    assert stored.startswith("$argon2id$") and "m=19456,t=2,p=1" in stored and PASSWORD not in stored


def test_id1_an_old_weaker_hash_is_upgraded_at_the_next_login(identity_client, smtp_server):
    sign_up(identity_client, smtp_server)
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1, type=Type.ID)
    Account.update(password_hash=weak.hash(PASSWORD)).execute()
    assert login(identity_client, EMAIL).status_code == 303
    upgraded = Account.get().password_hash
    assert "m=19456,t=2,p=1" in upgraded and not passwords.check_needs_rehash(upgraded)
