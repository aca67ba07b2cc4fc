"""OR14 access check as services ask it: membership, teams, grants and partner delegations."""
import uuid

from services.orgs.models import AuditEntry, DelegatedGrant

from .orgs_support import add_member, orgs, people, service_token  # noqa: F401 - fixtures

PRODUCT = "3f0c7c8e-2a7b-4d55-9d0e-0b8c6a1f2e33"


def asker(orgs, identity):
    headers = {"Authorization": f"Bearer {service_token(identity, 'orgs:access-check', 'billing')}"}
    client = orgs.test_client()

    def ask(subject, action, org, product=None):
        body = {"subject": subject, "action": action, "organization_id": org,
                **({"product_id": product} if product else {})}
        response = client.post("/v1/access/check", json=body, headers=headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    ask.batch = lambda checks: client.post("/v1/access/check-batch", json={"checks": checks}, headers=headers)
    return ask


def test_or6_or11_team_membership_changes_access_at_once(orgs, identity, people):
    ask = asker(orgs, identity)
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    assert ask(carl.id, "product.manage", org, PRODUCT)["decision"] == "deny"
    team = anna.call("post", f"/v1/organizations/{org}/teams", {"name": "Web", "product_ids": [PRODUCT]}).get_json()
    anna.call("put", f"/v1/organizations/{org}/teams/{team['id']}/members/{carl.id}")
    decision = ask(carl.id, "product.manage", org, PRODUCT)
    assert decision == {"decision": "allow", "reason": decision["reason"], "via": {"kind": "team", "id": team["id"]}}
    anna.call("delete", f"/v1/organizations/{org}/teams/{team['id']}/members/{carl.id}")
    assert ask(carl.id, "product.manage", org, PRODUCT)["decision"] == "deny"
    assert ask(anna.id, "product.manage", org, PRODUCT)["via"]["kind"] == "membership"


def test_or6_direct_product_grants_and_billing_rights(orgs, identity, people):
    ask = asker(orgs, identity)
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    anna.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {"product_ids": [PRODUCT]})
    assert ask(carl.id, "product.read", org, PRODUCT)["via"]["kind"] == "grant"
    assert ask(carl.id, "billing.read", org)["decision"] == "deny"
    anna.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {"billing_rights": True})
    assert ask(carl.id, "billing.read", org)["decision"] == "allow"


def test_pa6_a_partner_member_acts_within_the_delegation_and_the_audit_names_it(orgs, identity, people):
    ask = asker(orgs, identity)
    client_rep, partner_rep = people("client@example.ch"), people("agency@example.ch")
    client = client_rep.create_org("Client SA")
    partner = partner_rep.create_org("Agency")
    assert ask(partner_rep.id, "product.manage", client, PRODUCT)["decision"] == "deny"
    grant = DelegatedGrant.create(partner_organization_id=partner, client_organization_id=client, scope="limited",
                                  products={PRODUCT: {"technical": True, "statistics": True}})
    decision = ask(partner_rep.id, "product.manage", client, PRODUCT)
    assert decision["decision"] == "allow" and decision["via"] == {"kind": "delegation", "id": str(grant.id)}
    assert str(grant.id) in decision["reason"]
    assert ask(partner_rep.id, "product.manage", client, str(uuid.uuid4()))["decision"] == "deny"
    assert ask(partner_rep.id, "billing.read", client)["decision"] == "deny"
    entry = AuditEntry.get((AuditEntry.action == "product.manage") & (AuditEntry.outcome == "allowed"))
    assert (str(entry.organization_id), str(entry.actor_id), str(entry.delegation_id)) == (
        client, partner_rep.id, str(grant.id))
    DelegatedGrant.update(status="ended").execute()
    assert ask(partner_rep.id, "product.manage", client, PRODUCT)["decision"] == "deny"


def test_or14_batch_answers_in_order_and_is_capped_at_100(orgs, identity, people):
    ask = asker(orgs, identity)
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    checks = [{"subject": anna.id, "action": "members.manage", "organization_id": org},
              {"subject": carl.id, "action": "members.manage", "organization_id": org},
              {"subject": carl.id, "action": "organization.read", "organization_id": str(uuid.uuid4())}]
    response = ask.batch(checks)
    assert [d["decision"] for d in response.get_json()] == ["allow", "deny", "deny"]
    assert ask.batch(checks * 34).status_code == 422
    assert ask.batch([]).status_code == 422
    assert ask.batch([{**checks[0], "action": "product.destroy"}]).status_code == 422
    assert AuditEntry.select().where(AuditEntry.action == "members.manage").count() == 2


def test_or14_the_check_needs_its_service_scope(orgs, identity, people):
    anna = people("anna@example.ch")
    org = anna.create_org()
    body = {"subject": anna.id, "action": "organization.read", "organization_id": org}
    assert anna.call("post", "/v1/access/check", body).status_code == 404  # service-only: invisible to people
    headers = {"Authorization": f"Bearer {service_token(identity, 'orgs:read')}"}
    assert orgs.test_client().post("/v1/access/check", json=body, headers=headers).status_code == 403
