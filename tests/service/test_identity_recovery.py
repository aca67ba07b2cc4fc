"""Forgotten password (ID4) and forgotten login email (ID5): always the same answer."""
import json
from datetime import timedelta

import pytest

from services.common.sms import SmsOutbox
from services.identity.models import BrowserSession, EmailToken, IdentityVerificationCase, OutboxEvent
from tests.service.identity_helpers import PASSWORD, csrf, link_in, login, sign_up, user_token

EMAIL = "anna@alpine-web.example"
RECOVERY = "anna.private@example.net"
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def anna(identity, identity_client, smtp_server):
    account = sign_up(identity_client, smtp_server, mobile="+41791234567")
    return {"id": account["id"], "auth": user_token(identity, account["id"])}


def reset_link(client, smtp_server, to, count=1):
    assert client.post("/v1/password-resets", json={"email": EMAIL}).status_code == 202
    message = smtp_server.wait_for(to, count=count)[-1]
    assert message["Subject"] == "Reset your password"
    return link_in(message, "/reset-password").split("token=")[1]


def test_id4_reset_request_is_always_202_with_the_same_body(identity_client, anna, smtp_server):
    known = identity_client.post("/v1/password-resets", json={"email": EMAIL})
    unknown = identity_client.post("/v1/password-resets", json={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 202 and known.get_json() == unknown.get_json()
    assert smtp_server.to("nobody@example.org") == []


def test_id4_without_a_recovery_email_the_link_goes_to_the_login_email_valid_1h(identity_client, anna, smtp_server):
    reset_link(identity_client, smtp_server, EMAIL, count=2)
    row = EmailToken.get(EmailToken.purpose == "reset")
    assert abs((row.expires_at - row.created_at) - timedelta(hours=1)) < timedelta(seconds=5)


def test_id4_the_recovery_email_is_set_after_reentering_the_password(identity_client, anna):
    wrong = identity_client.put("/v1/me/recovery-email", json={"email": RECOVERY, "password": "not the password"},
                                headers=anna["auth"])
    assert wrong.status_code == 403
    ok = identity_client.put("/v1/me/recovery-email", json={"email": RECOVERY, "password": PASSWORD},
                             headers=anna["auth"])
    assert ok.status_code == 200 and ok.get_json()["recovery_email"] == RECOVERY


def test_id4_the_reset_link_goes_to_the_recovery_email_and_works_once(identity_client, anna, smtp_server):
    identity_client.put("/v1/me/recovery-email", json={"email": RECOVERY, "password": PASSWORD}, headers=anna["auth"])
    login(identity_client, EMAIL)
    assert BrowserSession.select().where(BrowserSession.revoked_at.is_null()).count() == 1
    token = reset_link(identity_client, smtp_server, RECOVERY)
    assert len(smtp_server.to(EMAIL)) == 1  # only the verification mail went to the login email
    weak = identity_client.post(f"/v1/password-resets/{token}", json={"password": "1234567890123"})
    assert weak.status_code == 422 and weak.get_json()["rule"] == "ID1"
    assert identity_client.post(f"/v1/password-resets/{token}", json={"password": NEW_PASSWORD}).status_code == 204
    assert BrowserSession.select().where(BrowserSession.revoked_at.is_null()).count() == 0
    again = identity_client.post(f"/v1/password-resets/{token}", json={"password": "yet another passphrase"})
    assert again.status_code == 404 and "invalid, used or expired" in again.get_json()["detail"]
    assert login(identity_client, EMAIL).status_code == 401
    assert login(identity_client, EMAIL, NEW_PASSWORD).status_code == 303
    assert "identity.account.password_changed" in [e.type for e in OutboxEvent.select()]


def test_id4_an_expired_reset_link_is_refused(identity_client, anna, smtp_server, clock):
    token = reset_link(identity_client, smtp_server, EMAIL, count=2)
    clock.advance(hours=1, seconds=1)
    assert identity_client.post(f"/v1/password-resets/{token}", json={"password": NEW_PASSWORD}).status_code == 404


def test_id4_the_mailed_link_opens_a_csrf_protected_reset_page(identity_client, anna, smtp_server):
    token = reset_link(identity_client, smtp_server, EMAIL, count=2)
    form = csrf(identity_client, f"/reset-password?token={token}")
    assert identity_client.post("/reset-password", data={"token": token, "password": NEW_PASSWORD}).status_code == 403
    done = identity_client.post("/reset-password", data={"token": token, "password": NEW_PASSWORD, "csrf_token": form})
    assert done.status_code == 200 and "was changed" in done.get_data(as_text=True)
    assert login(identity_client, EMAIL, NEW_PASSWORD).status_code == 303


def recover(client, **body):
    response = client.post("/v1/login-email-recovery", json=body)
    assert response.status_code == 202
    return response.get_json()


def test_id5_a_matching_mobile_gets_an_sms_naming_the_login_email(identity, identity_client, anna, deliver):
    recover(identity_client, mobile="+41791234567")
    deliver()
    [sms] = SmsOutbox(identity.config).sent()
    assert sms["to"] == "+41791234567" and EMAIL in sms["text"]
    assert IdentityVerificationCase.select().count() == 0


def test_id5_when_nothing_matches_a_case_is_opened_and_nothing_is_sent(identity, identity_client, anna, deliver):
    identity_client.put("/v1/me/recovery-email", json={"email": RECOVERY, "password": PASSWORD}, headers=anna["auth"])
    matched = recover(identity_client, mobile="+41791234567", recovery_email=RECOVERY)
    unknown = recover(identity_client, mobile="+41790000000")
    mismatch = recover(identity_client, mobile="+41791234567", recovery_email="someone.else@example.net")
    assert matched == unknown == mismatch  # the answer never tells whether an account exists
    deliver()
    assert len(SmsOutbox(identity.config).sent()) == 1
    cases = list(IdentityVerificationCase.select().order_by(IdentityVerificationCase.created_at))
    assert [c.status for c in cases] == ["open", "open"] and all(c.created_at for c in cases)
    assert [json.loads(c.submitted)["mobile"] for c in cases] == ["+41790000000", "+41791234567"]
