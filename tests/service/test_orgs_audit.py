"""OR14 audit log: every change and guarded write, filterable and paged, for managers only."""
from datetime import timedelta

from services.common.clock import utcnow

from .orgs_support import add_member, orgs, people  # noqa: F401 - fixtures


def test_or14_changes_and_refusals_are_in_the_audit_log_newest_first(people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    anna.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {"billing_rights": True})
    carl.call("patch", f"/v1/organizations/{org}", {"name": "Mine now"})  # denied, still logged
    anna.call("put", f"/v1/organizations/{org}/support-access/mail")
    anna.call("post", f"/v1/organizations/{org}/invitations", {"email": "new@example.ch"})
    page = anna.call("get", f"/v1/organizations/{org}/audit").get_json()
    assert [(e["action"], e["outcome"]) for e in page["items"]] == [
        ("invitation.create", "allowed"), ("support.grant", "allowed"), ("organization.update", "denied"),
        ("member.update", "allowed"), ("organization.create", "allowed")]
    assert page["total"] == 5 and page["items"][2]["actor_id"] == carl.id
    assert all(e["organization_id"] == org for e in page["items"])


def test_or14_audit_filters_and_pagination(people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    for _ in range(3):
        carl.call("patch", f"/v1/organizations/{org}", {"name": "x"})
    url = f"/v1/organizations/{org}/audit"
    assert anna.call("get", f"{url}?actor={carl.id}").get_json()["total"] == 3
    assert anna.call("get", f"{url}?action=organization.create").get_json()["total"] == 1
    page = anna.call("get", f"{url}?limit=2&offset=2").get_json()
    assert (len(page["items"]), page["total"], page["offset"]) == (2, 4, 2)
    future = (utcnow() + timedelta(hours=1)).isoformat()
    assert anna.call("get", f"{url}?since={future}").get_json()["total"] == 0
    assert anna.call("get", f"{url}?until={future}").get_json()["total"] == 4
    assert anna.call("get", f"{url}?limit=0").status_code == 422


def test_or14_audit_pages_by_cursor_stay_stable_while_new_entries_arrive(people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    for i in range(5):
        carl.call("patch", f"/v1/organizations/{org}", {"name": f"x{i}"})  # 5 refusals, + the creation
    url = f"/v1/organizations/{org}/audit?limit=4"
    first = anna.call("get", url).get_json()
    assert len(first["items"]) == 4 and first["next_cursor"] == first["items"][-1]["id"]
    carl.call("patch", f"/v1/organizations/{org}", {"name": "newest"})  # arrives between two pages
    second = anna.call("get", f"{url}&before={first['next_cursor']}").get_json()
    seen = [e["id"] for e in first["items"] + second["items"]]
    assert len(seen) == 6 == len(set(seen)) and seen == sorted(seen, reverse=True)
    assert second["next_cursor"] is None and second["total"] == 7
    assert anna.call("get", f"{url}&before=0").status_code == 422


def test_or14_only_managers_read_the_audit_log(people):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    refused = carl.call("get", f"/v1/organizations/{org}/audit")
    assert refused.status_code == 403 and refused.get_json()["rule"] == "OR14"


def test_or14_audit_filters_by_target_and_bounds_every_filter(people):
    anna, carl, dora = people("anna@example.ch"), people("carl@example.ch"), people("dora@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    add_member(org, dora)
    anna.call("patch", f"/v1/organizations/{org}/members/{carl.id}", {"billing_rights": True})
    anna.call("patch", f"/v1/organizations/{org}/members/{dora.id}", {"billing_rights": True})
    page = anna.call("get", f"/v1/organizations/{org}/audit?target={carl.id}&action=member.update").get_json()
    assert [(e["action"], e["target"]) for e in page["items"]] == [("member.update", carl.id)]
    for query in ("target=" + "x" * 201, "limit=0", "limit=201", "action=" + "a" * 61, "since=yesterday"):
        response = anna.call("get", f"/v1/organizations/{org}/audit?{query}")
        assert response.status_code == 422 and response.mimetype == "application/problem+json", query


def test_or13_the_deletion_problem_documents_its_blockers(orgs):
    spec = orgs.test_client().get("/openapi.json").get_json()
    problem = spec["components"]["schemas"]["Problem"]["properties"]
    blocker = spec["components"]["schemas"]["Blocker"]["properties"]
    assert problem["blockers"]["type"] == "array" and set(blocker) == {"reason", "detail"}
    delete = spec["paths"]["/v1/organizations/{organization_id}"]["delete"]["responses"]
    assert delete["422"] == {"$ref": "#/components/responses/UNPROCESSABLE_ENTITY"}
