"""PA10's password check in identity: `POST /v1/accounts/{id}/reauthentication` {password} with a
service token of scope identity:reauthenticate; 204 or a 422 problem; failures count toward the
sign-in throttle (ID10) and show in the login activity (ID9)."""
import uuid

import pytest

from services.common import clock
from services.identity import login
from services.identity.credentials import passwords
from services.identity.models import Account, LoginAttempt
from services.common.errors import Unauthorized

PASSWORD = "correct horse battery staple"


@pytest.fixture
def account(identity):
    return Account.create(email="anna@example.ch", password_hash=passwords.hash(PASSWORD), first_name="Anna",
                          last_name="Keller", email_verified_at=clock.utcnow())


@pytest.fixture
def partner_token(get_token):
    status, body = get_token("partner", "identity:reauthenticate")
    assert status == 200, body
    return body["access_token"]


def post(client, token, account_id, body):
    return client.post(f"/v1/accounts/{account_id}/reauthentication", json=body,
                       headers={"Authorization": f"Bearer {token}"} if token else {})


def test_pa10_the_right_password_is_204(identity_client, account, partner_token):
    response = post(identity_client, partner_token, account.id, {"password": PASSWORD})
    assert response.status_code == 204 and response.data == b""
    attempt = LoginAttempt.get(LoginAttempt.account == account.id)
    assert attempt.success and attempt.ip == "service:partner" and attempt.user_agent == "re-authentication"


def test_pa10_a_wrong_password_is_a_422_problem_and_a_failed_attempt(identity_client, account, partner_token):
    response = post(identity_client, partner_token, account.id, {"password": "wrong one"})
    assert response.status_code == 422
    assert response.get_json()["rule"] == "PA10" and "incorrect" in response.get_json()["detail"]
    assert LoginAttempt.select().where((LoginAttempt.account == account.id) & ~LoginAttempt.success).count() == 1


def test_id10_failures_count_toward_the_sign_in_throttle(identity, identity_client, account, partner_token):
    identity.config["LOGIN_FAILURES_PER_ACCOUNT"] = 3
    for _ in range(3):
        assert post(identity_client, partner_token, account.id, {"password": "wrong"}).status_code == 422
    # Throttled: the right password gets the same answer, and signing in is refused too.
    assert post(identity_client, partner_token, account.id, {"password": PASSWORD}).status_code == 422
    with pytest.raises(Unauthorized):
        login.password_step(identity.config, account.email, PASSWORD, ip="10.0.0.1")
    clock.advance(hours=1, minutes=1)
    try:
        assert post(identity_client, partner_token, account.id, {"password": PASSWORD}).status_code == 204
    finally:
        clock.reset()


def test_only_a_service_token_with_the_scope_may_ask(identity, identity_client, account, get_token):
    assert post(identity_client, None, account.id, {"password": PASSWORD}).status_code == 401
    _, operator = get_token("operator")
    assert post(identity_client, operator["access_token"], account.id, {"password": PASSWORD}).status_code == 403
    from tests.conftest import mint_user_token
    person = mint_user_token(identity.config["VAR_DIR"], identity.config["ISSUER"], account.id, "openid account",
                             ["identity"])
    assert post(identity_client, person, account.id, {"password": PASSWORD}).status_code == 404
    assert LoginAttempt.select().count() == 0


def test_an_unknown_account_is_404_and_bad_input_422(identity_client, account, partner_token):
    assert post(identity_client, partner_token, uuid.uuid4(), {"password": PASSWORD}).status_code == 404
    for body in ({}, {"password": ""}, {"password": PASSWORD, "extra": 1}, {"password": 12}):
        assert post(identity_client, partner_token, account.id, body).status_code == 422, body
    assert LoginAttempt.select().count() == 0
