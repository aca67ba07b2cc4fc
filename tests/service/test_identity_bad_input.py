"""Bad input on identity's new endpoints: a problem document naming what is wrong, nothing written."""
import pytest

from services.identity.models import (Account, BackupCode, BrowserSession, EmailToken, IdentityVerificationCase,
                                      LoginAttempt, OutboxEvent, TwoFactor)
from tests.service.identity_helpers import PASSWORD, person, sign_up, user_token

TABLES = (Account, BackupCode, BrowserSession, EmailToken, IdentityVerificationCase, LoginAttempt, OutboxEvent,
          TwoFactor)
LONG_EMAIL = "a" * 250 + "@example.org"


@pytest.fixture
def anna(identity, identity_client, smtp_server):
    account = sign_up(identity_client, smtp_server)
    return user_token(identity, account["id"])


def snapshot(smtp_server):
    return [(t.__name__, t.select().count()) for t in TABLES] + [("mail", len(smtp_server.messages)),
                                                                  ("accounts", [a.email for a in Account.select()])]


CASES = [
    ("post", "/v1/accounts", person(mobile="0791234567"), 422, "mobile: Not an E.164 number"),
    ("post", "/v1/accounts", person(email=LONG_EMAIL), 422, "email:"),
    ("post", "/v1/accounts", person(last_name="x" * 101), 422, "last_name: Length must be between 1 and 100"),
    ("post", "/v1/accounts", person(password="12345678901234"), 422, "must not be only digits"),
    ("post", "/v1/accounts/verification-resend", {"email": "not-an-email"}, 422, "email: Not a valid email"),
    ("post", "/v1/accounts/verification-resend", {"email": "a@b.ch", "admin": True}, 422, "admin: Unknown field"),
    ("post", "/v1/password-resets", {"email": 5}, 422, "email: Not a valid email"),
    ("post", "/v1/password-resets", {}, 422, "email: Missing data"),
    ("post", "/v1/password-resets/some-token", {"password": "short"}, 422, "password: Length must be between 10"),
    ("post", "/v1/password-resets/some-token", {"password": "long enough pass", "x": 1}, 422, "x: Unknown field"),
    ("post", "/v1/login-email-recovery", {"mobile": "+4"}, 422, "mobile: Not an E.164 number"),
    ("post", "/v1/login-email-recovery", {"mobile": "+41791234567", "recovery_email": "no"}, 422,
     "recovery_email: Not a valid email"),
    ("post", "/v1/me/password", {"current_password": PASSWORD, "new_password": "anna-and-more-words"}, 422,
     "part of your email address"),
    ("post", "/v1/me/password", {"current_password": PASSWORD}, 422, "new_password: Missing data"),
    ("post", "/v1/me/email", {"new_email": "bad", "password": PASSWORD}, 422, "new_email: Not a valid email"),
    ("put", "/v1/me/recovery-email", {"email": LONG_EMAIL, "password": PASSWORD}, 422, "email:"),
    ("put", "/v1/me/recovery-email", {"email": "a@b.ch"}, 422, "password: Missing data"),
    ("post", "/v1/me/2fa/activate", {"code": "12ab56"}, 422, "code: Six digits"),
    ("delete", "/v1/me", {}, 422, "password: Missing data"),
    ("delete", "/v1/me/2fa", {"password": PASSWORD, "force": True}, 422, "force: Unknown field"),
    ("delete", "/v1/me/sessions/not-a-uuid", None, 404, ""),
    ("get", "/v1/me/login-activity?per_page=1000", None, 422, "per_page: Must be greater than or equal to 1"),
    ("get", "/v1/me/login-activity?page=zero", None, 422, "page: Not a valid integer"),
]


@pytest.mark.parametrize("method, path, body, status, phrase", CASES, ids=[f"{c[0]} {c[1]} {c[4][:20]}" for c in CASES])
def test_bad_input_is_a_problem_and_writes_nothing(identity_client, anna, smtp_server, method, path, body, status,
                                                   phrase):
    before = snapshot(smtp_server)
    response = identity_client.open(path, method=method.upper(), json=body, headers=anna)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert phrase in response.get_json()["detail"], response.get_json()["detail"]
    assert snapshot(smtp_server) == before


def test_weak_password_problems_list_every_reason(identity_client):
    response = identity_client.post("/v1/accounts", json=person(password="1234567890"))
    body = response.get_json()
    assert response.status_code == 422 and body["rule"] == "ID1"
    assert len(body["reasons"]) == 2  # only digits, and a most common password


def test_malformed_json_on_a_me_endpoint_is_a_400_problem(identity_client, anna):
    response = identity_client.post("/v1/me/password", data='{"current_password": ', content_type="application/json",
                                    headers=anna)
    assert response.status_code == 400 and response.mimetype == "application/problem+json"


def test_me_endpoints_without_a_token_are_401_problems(identity_client):
    for method, path in [("get", "/v1/me"), ("get", "/v1/me/sessions"), ("post", "/v1/me/2fa"),
                         ("get", "/v1/me/login-activity")]:
        response = identity_client.open(path, method=method.upper())
        assert response.status_code == 401 and response.mimetype == "application/problem+json"
