"""Issue 11 in orgs: partner links and assignments projected from the partner service's real
events (PA5-PA7, PX1), the access check deciding for partner users over HTTP, PA5's upgrade of
external members, and orgs' own person endpoints deciding through the same check."""
from datetime import timedelta

import pytest

from services.common import clock as the_clock
from services.orgs.models import AuditEntry, DelegatedAssignment, DelegatedGrant, Membership
from tests.delegation_matrix import ACTIONS, ACTORS, PRODUCT, SCOPES, expected

from .orgs_partner_support import add_member, apply_events, orgs, partnership, people  # noqa: F401 - fixtures

OTHER_PRODUCT = "9b1f0d2a-5c3e-4f6a-8b7c-1d2e3f4a5b6c"


def allowed(decision):
    return decision["decision"] == "allow"


# -- the projection ----------------------------------------------------------------------
def test_pa5_the_projection_keeps_the_highest_version_and_ignores_older_or_equal_ones(partnership):
    p = partnership()
    requested, approved = p.link_event("requested", "full"), p.link_event("approved", "limited-technical")
    stopped = p.link_event("stopped", "limited-technical")
    # out of order: the stop (v3) overtakes the approval (v2), which then changes nothing
    assert p.apply_events(requested, stopped, approved) == ["applied"] * 3
    grant = DelegatedGrant.get_by_id(p.link_id)
    assert (grant.version, grant.status, grant.scope) == (3, "ended", "limited")
    assert not allowed(p.ask(p.partner_rep, "product.read", PRODUCT))
    # the same event again: the consumer's dedup; an equal version under another id: ignored too
    assert p.apply_events(stopped) == ["duplicate"]
    assert p.link("approved", "full", version=3) == "applied"
    assert DelegatedGrant.get_by_id(p.link_id).status == "ended"
    assert p.link("approved", "full", version=4) == "applied"
    grant = DelegatedGrant.get_by_id(p.link_id)
    assert (grant.version, grant.status, grant.scope, grant.products) == (4, "active", "full", None)
    assert allowed(p.ask(p.partner_rep, "product.read", PRODUCT))


def test_pa8_px1_the_grant_keeps_payer_end_and_extension(partnership):
    p = partnership()
    ends_at = (the_clock.now() + timedelta(days=90)).replace(microsecond=0)
    p.link("approved", "full-billing", payer="partner", ends_at=ends_at)
    grant = DelegatedGrant.get_by_id(p.link_id)
    assert (grant.payer, grant.ends_at, grant.billing, grant.auto_extend) == (
        "partner", ends_at.replace(tzinfo=None), True, False)


def test_pa7_assignments_are_projected_by_version(partnership):
    p = partnership()
    p.link("approved", "full")
    first = p.assignment_event(p.staff, products=[PRODUCT])
    wider = p.assignment_event(p.staff, products=None)
    assert p.apply_events(wider, first) == ["applied", "applied"]
    assignment = DelegatedAssignment.get()
    assert (assignment.version, assignment.products, assignment.active) == (2, None, True)
    assert allowed(p.ask(p.staff, "product.manage", OTHER_PRODUCT))


# -- the access check for partner users (PA6, PA7) -----------------------------------------
def _actor(p, actor):
    return {"partner legal representative": p.partner_rep, "partner administrator": p.partner_admin,
            "assigned staff": p.staff, "unassigned staff": p.other_staff,
            "anyone after the link stopped": p.partner_rep}[actor]


@pytest.mark.parametrize("scope", list(SCOPES))
def test_pa6_pa7_pa10_the_delegation_matrix_through_the_access_check(partnership, scope):
    """Issue 11's matrix (tests/delegation_matrix.py), asked one by one and in one batch."""
    p = partnership()
    p.link("approved", scope)
    p.assign(p.staff, products=None)
    live = [a for a in ACTORS if a != "anyone after the link stopped"]
    checks, wanted = [], []
    for actor in live:
        for action, (name, product) in ACTIONS.items():
            decision = p.ask(_actor(p, actor), name, product)
            assert allowed(decision) == expected(scope, action, actor), (scope, action, actor, decision)
            if allowed(decision):
                assert decision["via"] == {"kind": "delegation", "id": p.link_id}
            checks.append({"subject": _actor(p, actor).id, "action": name, "organization_id": p.client,
                           **({"product_id": product} if product else {})})
            wanted.append(expected(scope, action, actor))
    assert [allowed(d) for d in p.ask_batch(checks)] == wanted
    p.link("stopped", scope)
    after = "anyone after the link stopped"
    for person in (p.partner_rep, p.partner_admin, p.staff, p.other_staff):
        for action, (name, product) in ACTIONS.items():
            assert not allowed(p.ask(person, name, product)), (scope, action, after)


def test_pa6_every_write_through_a_link_is_audited_with_the_link(partnership):
    p = partnership()
    p.link("approved", "limited-statistics")
    p.ask(p.partner_admin, "product.manage", PRODUCT)  # denied: statistics only
    p.assign(p.staff)
    p.ask(p.staff, "product.read", PRODUCT)  # a read: not audited
    entries = list(AuditEntry.select().where((AuditEntry.organization_id == p.client)
                                             & (AuditEntry.action == "product.manage")))
    assert [(e.outcome, str(e.actor_id)) for e in entries] == [("denied", p.partner_admin.id)]
    p.link("scope_changed", "limited-technical")
    assert allowed(p.ask(p.staff, "product.manage", PRODUCT))
    allowed_entry = AuditEntry.get((AuditEntry.action == "product.manage") & (AuditEntry.outcome == "allowed"))
    assert str(allowed_entry.delegation_id) == p.link_id and "assignment" in allowed_entry.detail


def test_pa7_an_assignment_narrows_and_its_removal_takes_access_away_at_once(partnership):
    p = partnership()
    p.link("approved", "full-billing")
    assert not allowed(p.ask(p.staff, "product.read", PRODUCT))  # PA7: unassigned staff get nothing
    p.assign(p.staff, products=[PRODUCT])
    assert allowed(p.ask(p.staff, "product.manage", PRODUCT))
    assert not allowed(p.ask(p.staff, "product.manage", OTHER_PRODUCT))
    assert not allowed(p.ask(p.staff, "billing.read"))  # billing only for staff assigned to the whole link
    p.assign(p.staff, products=None)
    assert allowed(p.ask(p.staff, "billing.manage"))
    p.assign(p.staff, active=False)
    assert not allowed(p.ask(p.staff, "product.read", PRODUCT))


def test_pa7_an_external_member_of_the_partner_gets_nothing_through_its_links(partnership):
    p = partnership()
    outsider = p.staff
    Membership.update(external=True, role="administrator").where(Membership.account_id == outsider.id).execute()
    p.link("approved", "full")
    assert not allowed(p.ask(outsider, "product.read", PRODUCT))


def test_px1_a_link_past_its_stored_end_denies_though_no_event_came(partnership, clock):
    p = partnership()
    clock.set(the_clock.now())
    p.link("approved", "full", ends_at=the_clock.now() + timedelta(days=1))
    assert allowed(p.ask(p.partner_rep, "product.manage", PRODUCT))
    clock.advance(days=1)
    decision = p.ask(p.partner_rep, "product.manage", PRODUCT)
    assert not allowed(decision) and "PX1" in decision["reason"]


def test_pa10_a_stopped_link_denies_at_the_next_check(partnership):
    p = partnership()
    p.link("approved", "full")
    assert allowed(p.ask(p.partner_admin, "organization.read"))
    p.link("stopped", "full")
    assert not allowed(p.ask(p.partner_admin, "organization.read"))


def test_pa6_several_clients_in_one_batch(partnership, people):
    p = partnership()
    p.link("approved", "full")
    second_rep = people("rep@second.example")
    second = second_rep.create_org("Second client")
    other_link = p.link_id
    p.client, p.link_id = second, "4f9a6c1e-1111-4a2b-9c3d-5e6f7a8b9c0d"
    p.link("approved", "limited-statistics")
    decisions = p.ask_batch([
        {"subject": p.partner_rep.id, "action": "product.manage", "organization_id": second, "product_id": PRODUCT},
        {"subject": p.partner_rep.id, "action": "product.read", "organization_id": second, "product_id": PRODUCT},
        {"subject": p.partner_rep.id, "action": "product.manage", "organization_id": second_rep.create_org("Third"),
         "product_id": PRODUCT}])
    assert [d["decision"] for d in decisions] == ["deny", "allow", "deny"]
    assert decisions[1]["via"]["id"] == p.link_id != other_link


# -- PA5: an external member of the client from the partner is upgraded ---------------------
def test_pa5_a_partner_already_present_as_external_member_is_upgraded_when_the_link_starts(partnership):
    p = partnership()
    add_member(p.client, p.partner_admin, external=True)
    add_member(p.client, p.other_staff, external=True)  # unassigned: upgraded, but gets nothing (PA7)
    p.link("requested", "full")
    assert Membership.select().where(Membership.via_link_id.is_null(False)).count() == 0
    p.link("approved", "full")
    listed = {m["account_id"]: m for m in p.client_rep.call("get", f"/v1/organizations/{p.client}/members").get_json()}
    assert listed[p.partner_admin.id]["via_link_id"] == p.link_id and listed[p.partner_admin.id]["external"]
    assert listed[p.other_staff.id]["via_link_id"] == p.link_id
    assert listed[p.client_admin.id]["via_link_id"] is None
    upgraded = AuditEntry.select().where(AuditEntry.action == "member.upgraded")
    assert {(str(e.target), str(e.delegation_id)) for e in upgraded} == {
        (p.partner_admin.id, p.link_id), (p.other_staff.id, p.link_id)}
    # their access now also comes through the link, which decides where the membership does not
    decision = p.ask(p.partner_admin, "product.manage", PRODUCT)
    assert decision["via"] == {"kind": "delegation", "id": p.link_id}
    assert not allowed(p.ask(p.other_staff, "product.manage", PRODUCT))
    p.link("scope_changed", "limited-technical")  # still active: no second upgrade
    assert AuditEntry.select().where(AuditEntry.action == "member.upgraded").count() == 2
    p.link("stopped", "limited-technical")
    assert Membership.select().where(Membership.via_link_id.is_null(False)).count() == 0
    assert AuditEntry.select().where(AuditEntry.action == "member.upgrade_ended").count() == 2
    assert Membership.get((Membership.organization == p.client)
                          & (Membership.account_id == p.partner_admin.id)).external  # still an external member


# -- orgs' own person endpoints decide through the same check -------------------------------
def test_pa6_a_partner_user_with_full_access_reads_the_organization_but_never_runs_it(partnership):
    p = partnership()
    p.link("approved", "full-billing")
    base = f"/v1/organizations/{p.client}"
    seen = p.partner_rep.call("get", base)
    assert seen.status_code == 200
    body = seen.get_json()
    assert (body["my_role"], body["via_link_id"], body["members"]) == (None, p.link_id, [])
    refused = p.partner_rep.call("patch", base, {"name": "Taken over"})
    assert refused.status_code == 403 and refused.get_json()["rule"] == "OR10"
    entry = AuditEntry.get((AuditEntry.action == "organization.update") & (AuditEntry.outcome == "denied"))
    assert str(entry.delegation_id) == p.link_id
    for method, path, body in [("patch", f"{base}/members/{p.client_admin.id}", {"role": "collaborator"}),
                               ("delete", f"{base}/members/{p.client_admin.id}", None),
                               ("post", f"{base}/invitations", {"email": "new@agency.example"}),
                               ("get", f"{base}/invitations", None),
                               ("post", f"{base}/teams", {"name": "Ours"}),
                               ("put", f"{base}/support-access/mail", None),
                               ("get", f"{base}/audit", None),
                               ("get", f"{base}/members", None),
                               ("get", f"{base}/teams", None),
                               ("delete", base, None)]:
        response = p.partner_rep.call(method, path, body)
        assert response.status_code == 403, (method, path, response.get_json())
    assert p.partner_rep.call("get", f"{base}/logos/square").status_code == 404  # reads it: no logo here
    assert Membership.select().where(Membership.organization == p.client).count() == 2
    # unassigned staff reach nothing, and once stopped nobody does: 404 as for any stranger
    assert p.other_staff.call("get", base).status_code == 404
    p.link("stopped", "full-billing")
    assert p.partner_rep.call("get", base).status_code == 404
    assert p.partner_rep.call("patch", base, {"name": "Taken over"}).status_code == 404
