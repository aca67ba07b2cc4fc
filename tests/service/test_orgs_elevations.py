"""PX3: just-in-time elevation in orgs: requests by partner staff, decisions and pre-approvals by
the client's managers, the lapse by time in the access check, audit and mails."""
from datetime import timedelta

from services.common import clock as the_clock
from services.orgs.models import AuditEntry, Elevation
from tests.delegation_matrix import PRODUCT

from .orgs_partner_support import add_member, apply_events, orgs, partnership, people  # noqa: F401 - fixtures

OTHER_PRODUCT = "9b1f0d2a-5c3e-4f6a-8b7c-1d2e3f4a5b6c"


def ask_elevation(person, p, product=PRODUCT, hours=2, reason="Restore the mailbox rules", **extra):
    return person.call("post", f"/v1/organizations/{p.client}/elevations",
                       {"product_id": product, "hours": hours, "reason": reason}, **extra)


def limited_statistics(partnership):
    p = partnership()
    p.link("approved", "limited-statistics")
    p.assign(p.staff)
    return p


def allowed(decision):
    return decision["decision"] == "allow"


def test_px3_a_request_is_approved_by_the_client_and_lapses_by_time(partnership, smtp_server, clock):
    clock.set(the_clock.now())
    p = limited_statistics(partnership)
    assert not allowed(p.ask(p.staff, "product.manage", PRODUCT))
    response = ask_elevation(p.staff, p)
    assert response.status_code == 201, response.get_json()
    asked = response.get_json()
    assert (asked["status"], asked["link_id"], asked["expires_at"], asked["right"]) == (
        "pending", p.link_id, None, "technical")
    for manager in ("rep@client.example", "admin@client.example"):
        assert "Restore the mailbox rules" in smtp_server.wait_for(manager)[0].get_content()
    assert not allowed(p.ask(p.staff, "product.manage", PRODUCT))  # pending: nothing yet
    clock.advance(minutes=30)  # the hours start at the approval
    approved = p.client_admin.call("post", f"/v1/organizations/{p.client}/elevations/{asked['id']}/approval")
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    assert "approved" in smtp_server.wait_for("staff@agency.example")[0]["Subject"]
    decision = p.ask(p.staff, "product.manage", PRODUCT)
    assert allowed(decision) and decision["via"] == {"kind": "delegation", "id": p.link_id}
    assert f"elevation {asked['id']}" in decision["reason"]
    assert not allowed(p.ask(p.staff, "product.manage", OTHER_PRODUCT))  # one product only
    clock.advance(hours=1, minutes=59)
    assert allowed(p.ask(p.staff, "product.manage", PRODUCT))
    clock.advance(minutes=1)  # approval + 2 h: lapsed, no event, no run
    assert not allowed(p.ask(p.staff, "product.manage", PRODUCT))
    listed = p.client_rep.call("get", f"/v1/organizations/{p.client}/elevations?status=expired").get_json()
    assert [e["id"] for e in listed] == [asked["id"]]


def test_px3_a_pre_approved_product_is_approved_at_request(partnership, smtp_server):
    p = limited_statistics(partnership)
    base = f"/v1/organizations/{p.client}/elevation-preapprovals"
    assert p.client_rep.call("put", base, {"product_ids": [PRODUCT, PRODUCT]}).get_json() == {"product_ids": [PRODUCT]}
    assert p.client_admin.call("get", base).get_json() == {"product_ids": [PRODUCT]}
    asked = ask_elevation(p.staff, p, hours=8).get_json()
    assert (asked["status"], asked["preapproved"], asked["decided_by"]) == ("approved", True, None)
    assert allowed(p.ask(p.staff, "product.manage", PRODUCT))
    assert "pre-approved" in smtp_server.wait_for("rep@client.example")[0].get_content()
    assert ask_elevation(p.staff, p, product=OTHER_PRODUCT).get_json()["status"] == "pending"
    refused = p.partner_rep.call("put", base, {"product_ids": []})
    assert refused.status_code == 403 and refused.get_json()["rule"] == "PA7"


def test_px3_a_declined_request_gives_nothing_and_the_requester_is_told(partnership, smtp_server):
    p = limited_statistics(partnership)
    asked = ask_elevation(p.staff, p).get_json()
    declined = p.client_rep.call("post", f"/v1/organizations/{p.client}/elevations/{asked['id']}/decline")
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    assert "declined" in smtp_server.wait_for("staff@agency.example")[0]["Subject"]
    assert not allowed(p.ask(p.staff, "product.manage", PRODUCT))
    again = p.client_rep.call("post", f"/v1/organizations/{p.client}/elevations/{asked['id']}/approval")
    assert again.status_code == 409


def test_px3_only_partner_staff_holding_the_link_ask_and_only_client_managers_decide(partnership, people):
    p = limited_statistics(partnership)
    client_collaborator = people("colla@client.example")
    add_member(p.client, client_collaborator)
    refused = ask_elevation(client_collaborator, p)
    assert refused.status_code == 403 and refused.get_json()["rule"] == "PA7"
    assert ask_elevation(p.other_staff, p).status_code == 404  # unassigned: does not reach the client
    assert ask_elevation(people("eve@example.ch"), p).status_code == 404
    for bad in ({"hours": 0}, {"hours": 9}, {"reason": ""}, {"product": "not-a-uuid"}):
        assert ask_elevation(p.staff, p, **bad).status_code == 422, bad
    asked = ask_elevation(p.staff, p, product=OTHER_PRODUCT).get_json()  # not in the limited scope
    p.link("scope_changed", "full")
    already = ask_elevation(p.partner_rep, p)
    assert already.status_code == 422 and already.get_json()["rule"] == "PX3"
    for person, status in ((client_collaborator, 403), (p.partner_rep, 403), (people("x@example.ch"), 404)):
        answer = person.call("post", f"/v1/organizations/{p.client}/elevations/{asked['id']}/approval")
        assert answer.status_code == status, (person.email, answer.get_json())
    other_client = people("rep@other.example").create_org("Other client")
    assert p.client_rep.call("post", f"/v1/organizations/{other_client}/elevations/{asked['id']}/approval"
                             ).status_code == 404
    assert Elevation.get_by_id(asked["id"]).status == "pending"


def test_px3_each_sees_what_is_theirs(partnership):
    p = limited_statistics(partnership)
    mine = ask_elevation(p.staff, p).get_json()
    theirs = ask_elevation(p.partner_admin, p, product=OTHER_PRODUCT).get_json()
    base = f"/v1/organizations/{p.client}/elevations"
    assert [e["id"] for e in p.client_admin.call("get", base).get_json()] == [theirs["id"], mine["id"]]
    assert [e["id"] for e in p.staff.call("get", base).get_json()] == [mine["id"]]
    assert [e["id"] for e in p.staff.call("get", "/v1/accounts/me/elevations").get_json()] == [mine["id"]]
    assert p.staff.call("get", f"{base}?status=approved").get_json() == []
    assert p.other_staff.call("get", base).status_code == 404


def test_px3_an_elevation_ends_with_its_link_and_everything_is_audited(partnership):
    p = limited_statistics(partnership)
    asked = ask_elevation(p.staff, p).get_json()
    p.client_rep.call("post", f"/v1/organizations/{p.client}/elevations/{asked['id']}/approval")
    assert allowed(p.ask(p.staff, "product.manage", PRODUCT))
    p.assign(p.staff, active=False)  # no longer assigned: the elevation no longer counts (PA7)
    assert not allowed(p.ask(p.staff, "product.manage", PRODUCT))
    p.assign(p.staff)
    p.link("stopped", "limited-statistics")
    assert not allowed(p.ask(p.staff, "product.manage", PRODUCT))
    request_entry = AuditEntry.get(AuditEntry.action == "elevation.request")
    assert (str(request_entry.actor_id), str(request_entry.delegation_id)) == (p.staff.id, p.link_id)
    approval = AuditEntry.get(AuditEntry.action == "elevation.approve")
    assert str(approval.actor_id) == p.client_rep.id and p.link_id in approval.detail


def test_px3_an_idempotency_key_asks_once(partnership):
    p = limited_statistics(partnership)
    first = ask_elevation(p.staff, p, headers={"Idempotency-Key": "elev-1"})
    again = ask_elevation(p.staff, p, headers={"Idempotency-Key": "elev-1"})
    assert first.get_json() == again.get_json() and Elevation.select().count() == 1
