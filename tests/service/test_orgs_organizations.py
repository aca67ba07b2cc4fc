"""OR1, OR2, OR10, ID11 through the orgs API with people's tokens; the service view stays."""
import json

from services.orgs.models import AuditEntry, Organization, OutboxEvent

from .orgs_support import add_member, orgs, people, service_token  # noqa: F401 - fixtures


def test_or1_or2_creating_an_organization_makes_the_creator_its_legal_representative(people):
    anna = people("anna@example.ch")
    response = anna.call("post", "/v1/organizations", {
        "name": "Alpine Web", "kind": "company", "currency": "EUR",
        "branding": {"initials": "AW", "rectangular_logo_url": "https://alpine.example/logo-wide.png"}})
    assert response.status_code == 201
    body = response.get_json()
    assert (body["name"], body["kind"], body["currency"], body["my_role"]) == ("Alpine Web", "company", "EUR",
                                                                             "legal_representative")
    assert body["branding"]["initials"] == "AW"
    assert body["members"][0]["account_id"] == anna.id
    created = json.loads(OutboxEvent.get().envelope)
    assert created["type"] == "orgs.organization.created"
    assert created["data"]["legal_representative_id"] == anna.id and created["data"]["currency"] == "EUR"


def test_or1_name_kind_currency_and_branding_are_validated(people):
    anna = people("anna@example.ch")
    bad = [{"name": "", "kind": "company", "currency": "CHF"},
           {"name": "x" * 101, "kind": "company", "currency": "CHF"},
           {"name": "A", "kind": "charity", "currency": "CHF"},
           {"name": "A", "kind": "company", "currency": "USD"},
           {"name": "A", "kind": "company", "currency": "CHF", "branding": {"initials": "ABCD"}},
           {"name": "A", "kind": "company", "currency": "CHF", "branding": {"initials": "A1"}},
           {"name": "A", "kind": "company", "currency": "CHF", "branding": {"square_logo_url": "not a url"}},
           {"name": "A", "kind": "company", "currency": "CHF",
            "branding": {"square_logo_url": "https://a.example/s.png", "initials": "A"}},
           {"name": "A", "kind": "company", "currency": "CHF", "owner": "me"}]
    for body in bad:
        response = anna.call("post", "/v1/organizations", body)
        assert response.status_code == 422 and response.mimetype == "application/problem+json", body
    assert Organization.select().count() == 0


def test_or2_id11_an_account_lists_all_its_organizations_with_its_role_there(people):
    anna, ben = people("anna@example.ch"), people("ben@example.ch")
    first = anna.create_org("First")
    second = ben.create_org("Second")
    add_member(second, anna, "administrator")
    third = anna.create_org("Third", kind="individual")
    mine = anna.call("get", "/v1/organizations/mine").get_json()
    assert [(o["id"], o["my_role"]) for o in mine] == [
        (first, "legal_representative"), (second, "administrator"), (third, "legal_representative")]
    assert "members" not in mine[0]


def test_or10_admins_and_legal_representatives_change_details_collaborators_cannot(people):
    anna, carl, dora = people("anna@example.ch"), people("carl@example.ch"), people("dora@example.ch")
    org = anna.create_org()
    add_member(org, carl, "collaborator")
    add_member(org, dora, "administrator")
    refused = carl.call("patch", f"/v1/organizations/{org}", {"name": "Carl's now"})
    assert refused.status_code == 403 and refused.get_json()["rule"] == "OR10"
    assert Organization.get_by_id(org).name == "Alpine Web"
    denied = AuditEntry.get(AuditEntry.outcome == "denied")
    assert (str(denied.actor_id), denied.action) == (carl.id, "organization.update")
    response = dora.call("patch", f"/v1/organizations/{org}", {"name": "Alpine Web SA",
                                                               "branding": {"square_logo_url": "https://a.example/s.png"}})
    assert response.status_code == 200
    assert response.get_json()["name"] == "Alpine Web SA"
    assert response.get_json()["branding"]["square_logo_url"] == "https://a.example/s.png"
    assert anna.call("patch", f"/v1/organizations/{org}", {"currency": "EUR"}).status_code == 422


def test_a_person_sees_only_organizations_they_belong_to(people):
    anna, eve = people("anna@example.ch"), people("eve@example.ch")
    org = anna.create_org()
    eve.create_org("Eve Corp")
    assert anna.call("get", f"/v1/organizations/{org}").get_json()["my_role"] == "legal_representative"
    response = eve.call("get", f"/v1/organizations/{org}")
    assert response.status_code == 404 and "members" not in response.get_json()


def test_services_keep_reading_any_organization_and_listing_by_account(orgs, identity, people):
    anna = people("anna@example.ch")
    org = anna.create_org()
    headers = {"Authorization": f"Bearer {service_token(identity, 'orgs:read')}"}
    client = orgs.test_client()
    assert client.get(f"/v1/organizations/{org}", headers=headers).get_json()["members"][0]["account_id"] == anna.id
    listed = client.get(f"/v1/organizations?account_id={anna.id}", headers=headers).get_json()
    assert [o["id"] for o in listed] == [org]
    # A person's token cannot use the service listing, nor create organizations with a service token.
    assert anna.call("get", f"/v1/organizations?account_id={anna.id}").status_code == 404
    assert client.post("/v1/organizations", json={"name": "A", "kind": "company", "currency": "CHF"},
                       headers=headers).status_code == 403


def test_or1_a_square_logo_replaces_the_initials_and_back(people):
    anna = people("anna@example.ch")
    org = anna.create_org(branding={"initials": "AW"})
    branding = anna.call("patch", f"/v1/organizations/{org}",
                         {"branding": {"square_logo_url": "https://a.example/s.png"}}).get_json()["branding"]
    assert branding.get("initials") is None and branding["square_logo_url"] == "https://a.example/s.png"
    branding = anna.call("patch", f"/v1/organizations/{org}", {"branding": {"initials": "A"}}).get_json()["branding"]
    assert branding["initials"] == "A" and branding.get("square_logo_url") is None


def test_or4_services_read_an_organizations_contacts_with_their_rights_and_preferences(orgs, identity, people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl, "collaborator", billing_rights=True)
    headers = {"Authorization": f"Bearer {service_token(identity, 'orgs:read')}"}
    client = orgs.test_client()
    contacts = {c["email"]: c for c in client.get(f"/v1/organizations/{org}/contacts", headers=headers).get_json()}
    assert contacts["anna@example.ch"]["role"] == "legal_representative"
    assert contacts["carl@example.ch"]["billing_rights"] is True and contacts["carl@example.ch"]["role"] == "collaborator"
    # People never read it (they have the members list), and an unknown organization is 404.
    assert anna.call("get", f"/v1/organizations/{org}/contacts").status_code == 404
    missing = client.get("/v1/organizations/00000000-0000-4000-8000-000000000000/contacts", headers=headers)
    assert missing.status_code == 404
