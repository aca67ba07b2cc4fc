"""OR3-OR9 through the orgs API: roles, rights, removal, leaving, and the role-change mail."""
import json
import uuid

import pytest

from services.orgs.models import AuditEntry, Membership, OutboxEvent

from .orgs_support import add_member, orgs, people, service_token  # noqa: F401 - fixtures


def events(event_type):
    return [json.loads(e.envelope)["data"] for e in OutboxEvent.select().where(OutboxEvent.type == event_type)]


def role_of(org, person):
    return Membership.get((Membership.organization == org) & (Membership.account_id == person.id)).role


def test_or3_or4_or6_members_are_listed_with_external_flag_products_billing_and_contacts(people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    product = "3f0c7c8e-2a7b-4d55-9d0e-0b8c6a1f2e33"
    response = anna.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {
        "external": True, "product_ids": [product], "billing_rights": True,
        "contact_preferences": {"billing": True, "technical": False, "legal": False}})
    assert response.status_code == 200
    listed = {m["account_id"]: m for m in anna.call("get", f"/v1/organizations/{org}/members").get_json()}
    assert listed[carl.id]["external"] is True and listed[carl.id]["product_ids"] == [product]
    assert listed[carl.id]["billing_rights"] is True and listed[carl.id]["contact_preferences"]["billing"] is True
    assert listed[anna.id]["role"] == "legal_representative"


def test_or4_collaborators_cannot_manage_members(people):
    anna, carl, dora = people("anna@example.ch"), people("carl@example.ch"), people("dora@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    add_member(org, dora)
    response = carl.call("patch", f"/v1/organizations/{org}/members/{dora.id}", {"billing_rights": True})
    assert response.status_code == 403 and response.get_json()["rule"] == "OR4"
    assert carl.call("delete", f"/v1/organizations/{org}/members/{dora.id}").status_code == 403
    assert AuditEntry.select().where(AuditEntry.outcome == "denied").count() == 2


def test_or5_only_a_legal_representative_gives_the_legal_representative_role(people, smtp_server):
    anna, dora, carl = people("anna@example.ch"), people("dora@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, dora, "administrator")
    add_member(org, carl)
    refused = dora.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {"role": "legal_representative"})
    assert refused.status_code == 403 and refused.get_json()["rule"] == "OR5"
    assert role_of(org, carl) == "collaborator"
    # Administrators manage the other roles...
    assert dora.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {"role": "administrator"}).status_code == 200
    # ...but cannot demote a legal representative either.
    refused = dora.call("patch", f"/v1/organizations/{org}/members/{anna.id}", {"role": "collaborator"})
    assert refused.status_code == 403 and refused.get_json()["rule"] == "OR5"
    assert anna.call("patch", f"/v1/organizations/{org}/members/{carl.id}",
                     {"role": "legal_representative"}).status_code == 200
    assert role_of(org, carl) == "legal_representative"


def test_or7_last_legal_representative_can_be_neither_demoted_nor_removed(people):
    anna, dora = people("anna@example.ch"), people("dora@example.ch")
    org = anna.create_org()
    add_member(org, dora, "administrator")
    for method, path, body in [("patch", f"/v1/organizations/{org}/members/{anna.id}", {"role": "administrator"}),
                               ("delete", f"/v1/organizations/{org}/members/{anna.id}", None),
                               ("delete", f"/v1/organizations/{org}/members/me", None)]:
        response = anna.call(method, path, body)
        assert response.status_code == 422 and response.get_json()["rule"] == "OR7", (method, path)
    assert role_of(org, anna) == "legal_representative" and not events("orgs.member.removed")


def test_or7_replacing_a_legal_representative_appoint_then_remove(people):
    anna, ben = people("anna@example.ch"), people("ben@example.ch")
    org = anna.create_org()
    add_member(org, ben)
    assert anna.call("patch", f"/v1/organizations/{org}/members/{ben.id}",
                     {"role": "legal_representative"}).status_code == 200
    assert ben.call("delete", f"/v1/organizations/{org}/members/{anna.id}").status_code == 204
    assert [str(m.account_id) for m in Membership.select()] == [ben.id]
    assert events("orgs.member.removed") == [{"organization_id": org, "account_id": anna.id, "reason": "removed",
                                              "removed_by": ben.id}]


def test_or8_a_member_can_leave(people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    assert carl.call("delete", f"/v1/organizations/{org}/members/me").status_code == 204
    assert events("orgs.member.removed")[0]["reason"] == "left"
    assert carl.call("get", f"/v1/organizations/{org}").status_code == 404


PRODUCT = "5b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d"


def bind(orgs, identity, path, body=None, method="put", scope="orgs:bindings:write"):
    token = service_token(identity, scope, "ksuite")
    return orgs.test_client().open(path, method=method.upper(), json=body,
                                   headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def bindable(people):
    """Anna's organization, Carl a collaborator in it, and the path binding Carl to PRODUCT."""
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    return anna, carl, org, f"/v1/organizations/{org}/members/{carl.id}/product-bindings/{PRODUCT}"


def test_or8_a_member_bound_to_a_product_cannot_leave_until_released(bindable, orgs, identity):
    anna, carl, org, path = bindable
    bound = bind(orgs, identity, path, {"kind": "mail_address", "label": "carl@alpine-web.ch"})
    assert bound.status_code == 200, bound.get_json()
    assert bound.get_json()["bound_products"] == [
        {"product_id": PRODUCT, "kind": "mail_address", "label": "carl@alpine-web.ch"}]
    refused = carl.call("delete", f"/v1/organizations/{org}/members/me")
    assert refused.status_code == 422 and refused.get_json()["rule"] == "OR8"
    assert "carl@alpine-web.ch" in refused.get_json()["detail"]
    assert Membership.get_or_none(Membership.account_id == carl.id) is not None and not events("orgs.member.removed")
    # Administrators see why; the binding and its release are audited (OR14).
    listed = {m["account_id"]: m for m in anna.call("get", f"/v1/organizations/{org}/members").get_json()}
    assert listed[carl.id]["bound_products"][0]["kind"] == "mail_address"
    assert bind(orgs, identity, path, method="delete").status_code == 200
    assert bind(orgs, identity, path, method="delete").status_code == 404  # nothing left to release
    assert carl.call("delete", f"/v1/organizations/{org}/members/me").status_code == 204
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.organization_id == org)]
    assert "member.bound_to_product" in actions and "member.released_from_product" in actions


def test_or8_binding_again_replaces_and_other_members_can_still_leave(bindable, people, orgs, identity):
    _anna, _carl, org, path = bindable
    dora = people("dora@example.ch")
    add_member(org, dora)
    bind(orgs, identity, path, {"kind": "mail_address", "label": "old@alpine-web.ch"})
    again = bind(orgs, identity, path, {"kind": "ksuite"})
    assert again.get_json()["bound_products"] == [{"product_id": PRODUCT, "kind": "ksuite", "label": None}]
    assert dora.call("delete", f"/v1/organizations/{org}/members/me").status_code == 204


def test_or8_product_bindings_are_for_product_services_only(bindable, orgs, identity):
    anna, carl, org, path = bindable
    # A person (even the legal representative) does not see the endpoint; a service needs the scope.
    assert anna.call("put", path, {"kind": "ksuite"}).status_code == 404
    assert bind(orgs, identity, path, {"kind": "ksuite"}, scope="orgs:read").status_code == 403
    # Unknown member or organization: 404; bad kinds and overlong labels: 422; nothing written.
    stranger = f"/v1/organizations/{org}/members/{uuid.uuid4()}/product-bindings/{PRODUCT}"
    assert bind(orgs, identity, stranger, {"kind": "ksuite"}).status_code == 404
    bad = bind(orgs, identity, path, {"kind": "calendar"})
    assert bad.status_code == 422 and "kind" in bad.get_json()["detail"]
    assert bind(orgs, identity, path, {"kind": "ksuite", "label": "x" * 255}).status_code == 422
    assert bind(orgs, identity, path, {"kind": "ksuite", "admin": True}).status_code == 422
    assert Membership.get(Membership.account_id == carl.id).bound_products is None


def test_or9_a_role_change_mails_the_member_a_summary_and_is_an_event(people, smtp_server):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org("Alpine Web")
    add_member(org, carl)
    assert anna.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {"role": "administrator"}).status_code == 200
    mail = smtp_server.wait_for("carl@example.ch")[0]
    assert "Alpine Web" in mail["Subject"]
    assert "from collaborator to administrator" in mail.get_content()
    assert events("orgs.member.role_changed") == [{
        "organization_id": org, "account_id": carl.id, "old_role": "collaborator", "new_role": "administrator",
        "changed_by": anna.id}]
    # Rights without a role change send nothing.
    anna.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {"billing_rights": True})
    assert len(smtp_server.to("carl@example.ch")) == 1


def test_unknown_role_unknown_member_and_unknown_fields_are_problems(people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    assert anna.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {"role": "owner"}).status_code == 422
    assert anna.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {"colour": "red"}).status_code == 422
    assert anna.call("patch", f"/v1/organizations/{org}/members/{people('x@example.ch').id}",
                     {"role": "administrator"}).status_code == 404
    assert role_of(org, carl) == "collaborator"


def test_or7_identity_learns_where_an_account_is_the_sole_legal_representative(orgs, identity, people):
    from .orgs_support import service_token

    anna, ben = people("anna@example.ch"), people("ben@example.ch")
    alone = anna.create_org("Alone")
    shared = anna.create_org("Shared")
    add_member(shared, ben, "legal_representative")
    other = ben.create_org("Ben's")
    add_member(other, anna, "administrator")
    headers = {"Authorization": f"Bearer {service_token(identity, 'orgs:memberships:read', 'identity')}"}
    body = orgs.test_client().get(f"/v1/accounts/{anna.id}/sole-legal-representations", headers=headers).get_json()
    assert body == {"account_id": anna.id, "organization_ids": [alone]}
    assert anna.call("get", f"/v1/accounts/{anna.id}/sole-legal-representations").status_code == 404


def test_or3_an_external_member_does_not_see_the_member_directory(people):
    anna, carl, xena = people("anna@example.ch"), people("carl@example.ch"), people("xena@agency.example")
    org = anna.create_org()
    add_member(org, carl)
    add_member(org, xena, external=True)
    assert [m["account_id"] for m in xena.call("get", f"/v1/organizations/{org}/members").get_json()] == [xena.id]
    assert len(carl.call("get", f"/v1/organizations/{org}/members").get_json()) == 3


def test_or5_only_a_legal_representative_removes_a_legal_representative(people):
    anna, ben, dora = people("anna@example.ch"), people("ben@example.ch"), people("dora@example.ch")
    org = anna.create_org()
    add_member(org, dora, "administrator")
    add_member(org, ben)
    assert anna.call("patch", f"/v1/organizations/{org}/members/{ben.id}",
                     {"role": "legal_representative"}).status_code == 200
    # Another legal representative remains, but taking the role away is a legal representative's act.
    refused = dora.call("delete", f"/v1/organizations/{org}/members/{ben.id}")
    assert refused.status_code == 403 and refused.get_json()["rule"] == "OR5"
    assert role_of(org, ben) == "legal_representative" and not events("orgs.member.removed")
    assert anna.call("delete", f"/v1/organizations/{org}/members/{ben.id}").status_code == 204
    assert [e["account_id"] for e in events("orgs.member.removed")] == [ben.id]
