"""Bad input on the sign-up endpoint: a problem document, nothing written, no event."""
import pytest

from services.identity.models import Account, OutboxEvent

GOOD = {"email": "anna@alpine-web.example", "password": "correct horse battery", "first_name": "Anna",
        "last_name": "Keller", "organization": {"kind": "company", "name": "Alpine Web", "currency": "CHF"}}


def assert_nothing_written():
    assert Account.select().count() == 0
    assert OutboxEvent.select().count() == 0


def assert_problem(response, status, *phrases):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    for phrase in phrases:
        assert phrase in body["detail"], body["detail"]
    return body


def test_malformed_json_is_a_400_problem(identity_client):
    response = identity_client.post("/v1/accounts", data='{"email": "a@b.ch",', content_type="application/json")
    assert_problem(response, 400, "not valid JSON")
    assert_nothing_written()


@pytest.mark.parametrize("field, value, message", [
    ("email", 42, "email: Not a valid email address"),
    ("email", "anna-at-example", "email: Not a valid email address"),
    ("password", ["x"], "password: Not a valid string"),
    ("password", "short", "password: Length must be between 10 and 256"),
    ("first_name", "x" * 101, "first_name: Length must be between 1 and 100"),
    ("organization", {"kind": "cooperative"}, "organization.kind: Must be one of"),
    ("organization", {"kind": "company", "currency": "USD"}, "organization.currency: Must be one of"),
])
def test_wrong_types_and_values_are_422_problems_naming_the_field(identity_client, field, value, message):
    body = assert_problem(identity_client.post("/v1/accounts", json={**GOOD, field: value}), 422, message)
    assert body["errors"]
    assert_nothing_written()


def test_missing_fields_are_listed(identity_client):
    body = assert_problem(identity_client.post("/v1/accounts", json={"email": "a@b.ch"}), 422,
                          "password: Missing data", "organization: Missing data")
    assert set(body["errors"]) == {"password", "first_name", "last_name", "organization"}
    assert_nothing_written()


def test_unknown_fields_are_refused(identity_client):
    assert_problem(identity_client.post("/v1/accounts", json={**GOOD, "is_admin": True}), 422,
                   "is_admin: Unknown field")
    assert_nothing_written()


def test_a_10_mb_body_is_a_413_problem(identity_client):
    big = '{"email": "' + "a" * (10 * 1024 * 1024) + '"}'
    assert_problem(identity_client.post("/v1/accounts", data=big, content_type="application/json"), 413)
    assert_nothing_written()


def test_a_wrong_content_type_is_a_415_problem(identity_client):
    response = identity_client.post("/v1/accounts", data="email=a@b.ch", content_type="application/x-www-form-urlencoded")
    assert_problem(response, 415, "application/json")
    assert_nothing_written()


def test_id3_company_without_name_names_its_rule(identity_client):
    body = assert_problem(identity_client.post("/v1/accounts", json={**GOOD, "organization": {"kind": "company"}}),
                          422, "company's name")
    assert body["rule"] == "ID3"
    assert_nothing_written()


def test_a_good_request_writes_the_account_and_one_event(identity_client):
    response = identity_client.post("/v1/accounts", json=GOOD)
    assert response.status_code == 201
    assert "password" not in response.get_json() and "password_hash" not in response.get_json()
    assert Account.select().count() == 1
    assert [e.type for e in OutboxEvent.select()] == ["identity.account.registered"]


def test_a_second_sign_up_with_the_same_email_is_a_409_and_writes_nothing(identity_client):
    identity_client.post("/v1/accounts", json=GOOD)
    again = {**GOOD, "email": GOOD["email"].upper()}
    assert_problem(identity_client.post("/v1/accounts", json=again), 409, "already exists")
    assert Account.select().count() == 1 and OutboxEvent.select().count() == 1


@pytest.mark.parametrize("method, path, status", [
    ("get", "/v1/nowhere", 404), ("delete", "/v1/accounts", 405), ("put", "/healthz", 405),
])
def test_router_errors_are_problems_too(identity_client, method, path, status):
    assert_problem(getattr(identity_client, method)(path), status)
