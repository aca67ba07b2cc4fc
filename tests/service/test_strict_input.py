"""Strict input on the real endpoints (services/common/schema.py, load_json_body): booleans are
JSON true/false only, names refuse control characters, a PATCH names a field; a refused
request changes nothing."""
import pytest

from services.orgs.models import AuditEntry, Invitation, Membership, Organization, OutboxEvent, Team

from .orgs_support import add_member, orgs, people  # noqa: F401 - fixtures

NOT_BOOLEANS = ["yes", "on", "1", 1, "t", "true", 0, "", None]
CONTROL = ["Alpine\x00Web", "Alpine\nWeb", "\x1b[2J", "Alpine\x7f"]


@pytest.fixture
def org(people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org_id = anna.create_org()
    add_member(org_id, carl)
    return {"id": org_id, "anna": anna, "carl": carl}


def snapshot():
    return ([m.__data__ for m in Membership.select().order_by(Membership.account_id)],
            [o.__data__ for o in Organization.select()], Invitation.select().count(), Team.select().count(),
            OutboxEvent.select().count(), AuditEntry.select().count())


def assert_422_and_nothing_changed(response, before, field):
    assert response.status_code == 422 and response.mimetype == "application/problem+json", response.get_json()
    assert field in str(response.get_json()["errors"])
    assert snapshot() == before


@pytest.mark.parametrize("value", NOT_BOOLEANS)
def test_member_billing_rights_take_json_booleans_only(org, value):
    before = snapshot()
    response = org["anna"].call("patch", f"/v1/organizations/{org['id']}/members/{org['carl'].id}",
                                {"billing_rights": value})
    assert_422_and_nothing_changed(response, before, "billing_rights")


@pytest.mark.parametrize("value", NOT_BOOLEANS)
def test_contact_preferences_take_json_booleans_only(org, value):
    before = snapshot()
    response = org["anna"].call("patch", f"/v1/organizations/{org['id']}/members/{org['carl'].id}",
                                {"contact_preferences": {"billing": value}})
    assert_422_and_nothing_changed(response, before, "contact_preferences")


@pytest.mark.parametrize("value", NOT_BOOLEANS)
def test_an_invitations_external_flag_takes_json_booleans_only(org, value):
    before = snapshot()
    response = org["anna"].call("post", f"/v1/organizations/{org['id']}/invitations",
                                {"email": "new@example.ch", "external": value})
    assert_422_and_nothing_changed(response, before, "external")


def test_json_true_still_sets_the_rights(org):
    response = org["anna"].call("patch", f"/v1/organizations/{org['id']}/members/{org['carl'].id}",
                                {"billing_rights": True, "contact_preferences": {"billing": True}})
    assert response.status_code == 200
    assert response.get_json()["billing_rights"] is True and response.get_json()["contact_preferences"]["billing"]


@pytest.mark.parametrize("name", CONTROL)
@pytest.mark.parametrize("method, path", [
    ("post", "/v1/organizations"), ("patch", "/v1/organizations/{id}"), ("post", "/v1/organizations/{id}/teams")])
def test_names_refuse_control_characters(org, name, method, path):
    before = snapshot()
    body = {"name": name, "kind": "company", "currency": "CHF"} if path == "/v1/organizations" else {"name": name}
    response = org["anna"].call(method, path.format(id=org["id"]), body)
    assert_422_and_nothing_changed(response, before, "Control characters")


@pytest.mark.parametrize("data", [b"", b"{}"])
@pytest.mark.parametrize("path", ["/v1/organizations/{id}", "/v1/organizations/{id}/members/{carl}"])
def test_a_patch_without_fields_is_a_422_problem(org, data, path):
    before = snapshot()
    response = org["anna"].client.patch(path.format(id=org["id"], carl=org["carl"].id), data=data,
                                        content_type="application/json",
                                        headers={"Authorization": f"Bearer {org['anna'].token}"})
    assert_422_and_nothing_changed(response, before, "at least one field")
