"""OR11 work teams: CRUD, members (external ones too), lead and product access."""
from services.orgs.models import AuditEntry, Team, TeamMember

from .orgs_support import add_member, orgs, people  # noqa: F401 - fixtures

PRODUCT = "3f0c7c8e-2a7b-4d55-9d0e-0b8c6a1f2e33"


def test_or11_a_team_with_a_lead_members_including_externals_and_products(people):
    anna, carl, xena = people("anna@example.ch"), people("carl@example.ch"), people("xena@agency.example")
    org = anna.create_org()
    add_member(org, carl)
    add_member(org, xena, external=True)
    response = anna.call("post", f"/v1/organizations/{org}/teams",
                         {"name": "Web", "lead_account_id": carl.id, "product_ids": [PRODUCT]})
    assert response.status_code == 201
    team = response.get_json()
    assert (team["lead_account_id"], team["product_ids"], team["member_ids"]) == (carl.id, [PRODUCT], [carl.id])
    added = anna.call("put", f"/v1/organizations/{org}/teams/{team['id']}/members/{xena.id}")
    assert added.status_code == 200 and added.get_json()["member_ids"] == [carl.id, xena.id]
    assert anna.call("put", f"/v1/organizations/{org}/teams/{team['id']}/members/{xena.id}").status_code == 409
    renamed = anna.call("patch", f"/v1/organizations/{org}/teams/{team['id']}", {"name": "Web & Mail",
                                                                                  "product_ids": []})
    assert renamed.get_json()["name"] == "Web & Mail" and renamed.get_json()["product_ids"] == []
    assert [t["name"] for t in carl.call("get", f"/v1/organizations/{org}/teams").get_json()] == ["Web & Mail"]
    assert anna.call("delete", f"/v1/organizations/{org}/teams/{team['id']}/members/{carl.id}").status_code == 204
    assert Team.get().lead_account_id is None
    assert anna.call("delete", f"/v1/organizations/{org}/teams/{team['id']}").status_code == 204
    assert Team.select().count() == 0 and TeamMember.select().count() == 0
    assert AuditEntry.select().where(AuditEntry.action.startswith("team.")).count() == 5


def test_or11_a_member_can_be_in_several_teams(people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    for name in ("Web", "Mail"):
        team = anna.call("post", f"/v1/organizations/{org}/teams", {"name": name}).get_json()
        assert anna.call("put", f"/v1/organizations/{org}/teams/{team['id']}/members/{carl.id}").status_code == 200
    assert TeamMember.select().where(TeamMember.account_id == carl.id).count() == 2


def test_or11_only_members_join_teams_and_only_managers_manage_them(people):
    anna, carl, stranger = people("anna@example.ch"), people("carl@example.ch"), people("s@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    team = anna.call("post", f"/v1/organizations/{org}/teams", {"name": "Web"}).get_json()
    refused = anna.call("put", f"/v1/organizations/{org}/teams/{team['id']}/members/{stranger.id}")
    assert refused.status_code == 422 and refused.get_json()["rule"] == "OR11"
    refused = carl.call("post", f"/v1/organizations/{org}/teams", {"name": "Mine"})
    assert refused.status_code == 403 and refused.get_json()["rule"] == "OR14"
    assert carl.call("put", f"/v1/organizations/{org}/teams/{team['id']}/members/{carl.id}").status_code == 403
    assert anna.call("post", f"/v1/organizations/{org}/teams", {"name": ""}).status_code == 422
    assert anna.call("post", f"/v1/organizations/{org}/teams", {"name": "x" * 101}).status_code == 422
    assert Team.select().count() == 1


def test_or11_removing_a_member_from_the_organization_takes_them_out_of_its_teams(people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    team = anna.call("post", f"/v1/organizations/{org}/teams", {"name": "Web", "lead_account_id": carl.id}).get_json()
    anna.call("delete", f"/v1/organizations/{org}/members/{carl.id}")
    assert anna.call("get", f"/v1/organizations/{org}/teams/{team['id']}").get_json()["member_ids"] == []
    assert Team.get().lead_account_id is None
