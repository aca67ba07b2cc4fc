"""Tenant isolation: a member of another organization reaches nothing of the victim's, on
every path of the OpenAPI document, and learns nothing (404, never 403, never data).

The test walks /openapi.json, so a new endpoint is covered the day it appears: a path
parameter or a request body it does not know makes it fail until someone adds a value.
"""
import io
import re

import pytest
from PIL import Image

from services.orgs.models import (AuditEntry, DelegatedGrant, Elevation, ElevationPreapproval, Invitation, Membership,
                                  Organization, OrganizationLogo, OutboxEvent, SupportGrant, Team, TeamMember)

from .orgs_support import add_member, orgs, people  # noqa: F401 - fixtures

PRODUCT = "3f0c7c8e-2a7b-4d55-9d0e-0b8c6a1f2e33"
TABLES = (Organization, Membership, Invitation, Team, TeamMember, SupportGrant, DelegatedGrant, OutboxEvent,
          OrganizationLogo, Elevation, ElevationPreapproval)
PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "rule", "required_scope", "errors", "blockers"}


def _png():
    out = io.BytesIO()
    Image.new("RGB", (64, 64)).save(out, format="PNG")
    return out.getvalue()


# Valid bodies, so that validation (422) never answers before the tenant check would; bytes are
# sent as an image/png upload.
BODIES = {
    ("put", "/v1/organizations/{organization_id}/logos/{kind}"): _png(),
    ("patch", "/v1/organizations/{organization_id}"): {"name": "Taken over"},
    ("patch", "/v1/organizations/{organization_id}/members/{account_id}"): {"role": "administrator"},
    ("post", "/v1/organizations/{organization_id}/invitations"): {"email": "spy@example.ch"},
    ("post", "/v1/organizations/{organization_id}/teams"): {"name": "Spies"},
    ("patch", "/v1/organizations/{organization_id}/teams/{team_id}"): {"name": "Spies"},
    ("put", "/v1/organizations/{organization_id}/members/{account_id}/product-bindings/{product_id}"): {"kind": "ksuite"},
    ("post", "/v1/organizations/{organization_id}/elevations"): {"product_id": PRODUCT, "hours": 2, "reason": "Spying"},
    ("put", "/v1/organizations/{organization_id}/elevation-preapprovals"): {"product_ids": [PRODUCT]},
}


@pytest.fixture
def victim_rep(people):
    return people("anna@victim.example")


@pytest.fixture
def victim(people, victim_rep):
    anna, carl = victim_rep, people("carl@victim.example")
    org = anna.create_org("Victim SA")
    add_member(org, carl, product_ids=[PRODUCT])
    team = anna.call("post", f"/v1/organizations/{org}/teams", {"name": "Web", "product_ids": [PRODUCT]}).get_json()
    anna.call("put", f"/v1/organizations/{org}/teams/{team['id']}/members/{carl.id}")
    invitation = anna.call("post", f"/v1/organizations/{org}/invitations", {"email": "new@victim.example"}).get_json()
    anna.call("put", f"/v1/organizations/{org}/support-access/mail")
    anna.call("put", f"/v1/organizations/{org}/logos/square", data=_png(), content_type="image/png")
    # PX3: a pending elevation request of a partner user (its link needs no row for the request to exist)
    elevation = Elevation.create(client_organization_id=org, link_id=PRODUCT, account_id=carl.id, product_id=PRODUCT,
                                 hours=2, reason="Fix the DNS")
    return {"kind": "square", "organization_id": org, "account_id": carl.id, "team_id": team["id"], "invitation_id": invitation["id"],
            "token": Invitation.get_by_id(invitation["id"]).token, "content_type": "mail", "product_id": PRODUCT,
            "elevation_id": str(elevation.id)}


@pytest.fixture
def attacker(people):
    eve = people("eve@attacker.example")
    eve.create_org("Attacker GmbH")  # a legal representative, just not of the victim
    return eve


def counts():
    return {table.__name__: table.select().count() for table in TABLES}


def test_every_path_with_an_id_answers_404_to_members_of_other_organizations(orgs, victim, attacker):
    spec = orgs.test_client().get("/openapi.json").get_json()
    before = counts()
    audit_before = AuditEntry.select().count()
    called = 0
    for template, item in spec["paths"].items():
        names = re.findall(r"{(\w+)}", template)
        if not names:
            continue
        unknown = [name for name in names if name not in victim]
        assert not unknown, f"{template}: no victim value for {unknown}; add one to the victim fixture"
        path = template.format(**victim)
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            body = BODIES.get((method, template))
            if "requestBody" in operation:
                assert body is not None, f"{method.upper()} {template} takes a body: add a valid one to BODIES"
            if isinstance(body, bytes):
                response = attacker.call(method, path, data=body, content_type="image/png")
            else:
                response = attacker.call(method, path, body)
            called += 1
            payload = response.get_json()
            assert response.mimetype == "application/problem+json", (method, template, payload)
            assert set(payload) <= PROBLEM_KEYS, (method, template, payload)
            # Person endpoints hide other tenants' ids; service endpoints do not exist for people.
            assert response.status_code == 404, (method, template, response.status_code, payload)
    assert called >= 20
    assert counts() == before and AuditEntry.select().count() == audit_before


def test_ids_of_the_victim_inside_the_attackers_own_organization_are_404(orgs, victim, attacker):
    own = attacker.call("get", "/v1/organizations/mine").get_json()[0]["id"]
    for path in (f"/v1/organizations/{own}/members/{victim['account_id']}",
                 f"/v1/organizations/{own}/teams/{victim['team_id']}",
                 f"/v1/organizations/{own}/invitations/{victim['invitation_id']}"):
        method = "patch" if "/members/" in path else "delete"
        response = attacker.call(method, path, {"role": "collaborator"} if method == "patch" else None)
        assert response.status_code == 404, (path, response.get_json())
    response = attacker.call("post", f"/v1/organizations/{own}/invitations/{victim['invitation_id']}/resend")
    assert response.status_code == 404
    response = attacker.call("put", f"/v1/organizations/{own}/teams/{victim['team_id']}/members/{victim['account_id']}")
    assert response.status_code == 404
    assert Invitation.get_by_id(victim["invitation_id"]).status == "pending"


@pytest.mark.parametrize("method,path,body", [
    ("post", "/v1/organizations", {"name": "x" * 101, "kind": "company", "currency": "CHF"}),
    ("post", "/v1/organizations", {"name": "A", "kind": "company", "currency": "CHF", "admin": True}),
    ("patch", "/v1/organizations/{organization_id}", {"name": "x" * 101}),
    ("patch", "/v1/organizations/{organization_id}", {"owner": "eve"}),
    ("patch", "/v1/organizations/{organization_id}/members/{account_id}", {"role": "owner"}),
    ("patch", "/v1/organizations/{organization_id}/members/{account_id}", {"product_ids": ["not-a-uuid"]}),
    ("post", "/v1/organizations/{organization_id}/invitations", {"email": "a@b.ch", "role": "superuser"}),
    ("post", "/v1/organizations/{organization_id}/invitations", {"email": "a@b.ch", "expires_at": "never"}),
    ("post", "/v1/organizations/{organization_id}/teams", {"name": "x" * 101}),
    ("post", "/v1/organizations/{organization_id}/teams", {"name": "T", "lead_account_id": "nobody"}),
])
def test_bad_input_is_a_422_problem_and_writes_nothing(victim_rep, victim, method, path, body):
    anna = victim_rep
    before = counts()
    response = anna.call(method, path.format(**victim), body)
    assert response.status_code == 422 and response.mimetype == "application/problem+json", response.get_json()
    assert counts() == before


@pytest.mark.parametrize("path", [
    "/v1/organizations/not-a-uuid", "/v1/organizations/{organization_id}/members/123",
    "/v1/organizations/{organization_id}/teams/zzz", "/v1/organizations/{organization_id}/invitations/1/resend",
])
def test_malformed_ids_are_404_problems(victim_rep, victim, path):
    anna = victim_rep
    for method in ("get", "patch", "delete", "post"):
        response = anna.call(method, path.format(**victim), {})
        assert response.status_code in (404, 405) and response.mimetype == "application/problem+json"
