"""PA5-PA7, PA10, PX1, PX3: domain.decide_access for partner users, table-driven (issue 11's
matrix in tests/delegation_matrix.py), plus the assignment's narrowing, the stored end date
and elevations."""
from datetime import datetime, timedelta

import pytest

from services.orgs.domain import decide_access
from tests.delegation_matrix import ACTIONS, PRODUCT, SCOPES, cases

NOW = datetime(2027, 3, 1, 12, 0)
LINK = "7d0e4c55-0000-4000-8000-000000000001"
OTHER = "22222222-2222-2222-2222-222222222222"


def grant(scope, **extra):
    return {"id": LINK, "status": "active", "ends_at": None, **SCOPES[scope], **extra}


ACTOR_GRANTS = {
    "partner legal representative": {"partner_role": "legal_representative", "assignment": None},
    "partner administrator": {"partner_role": "administrator", "assignment": None},
    "assigned staff": {"partner_role": "collaborator", "assignment": {"id": "as-1", "products": None}},
    "unassigned staff": {"partner_role": "collaborator", "assignment": None},
    "anyone after the link stopped": {"partner_role": "legal_representative", "assignment": None,
                                      "status": "ended"},
}


def decide(action, product, delegation, elevations=(), now=NOW):
    return decide_access(action, product, membership=None, delegations=[delegation], elevations=elevations,
                         now=now)


@pytest.mark.parametrize("scope, action, actor, allowed", cases(), ids=lambda v: str(v))
def test_pa6_pa7_pa10_the_delegation_matrix(scope, action, actor, allowed):
    name, product = ACTIONS[action]
    decision = decide(name, product, grant(scope, **ACTOR_GRANTS[actor]))
    assert (decision["decision"] == "allow") == allowed, decision
    if allowed:
        assert decision["via"] == {"kind": "delegation", "id": LINK}
        assert ("assignment as-1" in decision["reason"]) == (actor == "assigned staff")
    else:
        assert decision["via"] is None and decision["reason"]


@pytest.mark.parametrize("action", ["partner.represent", "partner.manage", "members.manage", "organization.update",
                                    "invitations.manage", "teams.manage", "support.manage", "audit.read",
                                    "organization.delete"])
def test_pa6_what_stays_the_clients_own_is_never_delegated(action):
    for role in ("legal_representative", "administrator"):
        decision = decide(action, None, grant("full-billing", partner_role=role))
        assert decision["decision"] == "deny" and "never delegated" in decision["reason"]


def test_pa7_an_assignment_narrows_product_actions_to_its_products():
    delegation = grant("full-billing", partner_role="collaborator", assignment={"id": "as-2", "products": [PRODUCT]})
    assert decide("product.manage", PRODUCT, delegation)["decision"] == "allow"
    assert decide("product.read", OTHER, delegation)["decision"] == "deny"
    assert decide("product.read", None, delegation)["decision"] == "deny"  # every product: not narrowed ones
    # billing follows the link only for staff assigned to all of it (products None)
    assert decide("billing.read", None, delegation)["decision"] == "deny"
    assert decide("billing.read", None, {**delegation, "assignment": {"id": "as-2", "products": None}}
                  )["decision"] == "allow"


def test_pa7_a_partner_user_never_gets_more_than_the_link_grants():
    delegation = grant("limited-statistics", partner_role="collaborator",
                       assignment={"id": "as-3", "products": [PRODUCT, OTHER]})
    assert decide("product.read", PRODUCT, delegation)["decision"] == "allow"
    assert decide("product.manage", PRODUCT, delegation)["decision"] == "deny"
    assert decide("product.read", OTHER, delegation)["decision"] == "deny"


def test_pa7_an_inactive_assignment_counts_as_none():
    delegation = grant("full", partner_role="collaborator", assignment={"id": "as-4", "products": None,
                                                                         "active": False})
    assert "PA7" in decide("product.read", PRODUCT, delegation)["reason"]


def test_px1_a_link_past_its_stored_end_denies_without_any_event():
    delegation = grant("full", partner_role="administrator", ends_at=NOW + timedelta(hours=1))
    assert decide("product.read", PRODUCT, delegation)["decision"] == "allow"
    later = decide("product.read", PRODUCT, delegation, now=NOW + timedelta(hours=1))
    assert later["decision"] == "deny" and "PX1" in later["reason"]


def elevation(expires_at, product=PRODUCT, link=LINK):
    return {"id": "el-1", "link_id": link, "product_id": product, "expires_at": expires_at}


def test_px3_an_approved_elevation_adds_technical_rights_on_its_product_until_it_lapses():
    delegation = grant("limited-statistics", partner_role="collaborator", assignment={"id": "as-5", "products": None})
    assert decide("product.manage", PRODUCT, delegation)["decision"] == "deny"
    lifted = decide("product.manage", PRODUCT, delegation, [elevation(NOW + timedelta(hours=2))])
    assert lifted["decision"] == "allow" and lifted["via"] == {"kind": "delegation", "id": LINK}
    assert "elevation el-1" in lifted["reason"] and "assignment as-5" in lifted["reason"]
    # lapsed by time, another product, another link: nothing
    assert decide("product.manage", PRODUCT, delegation, [elevation(NOW)])["decision"] == "deny"
    assert decide("product.manage", OTHER, delegation, [elevation(NOW + timedelta(hours=2))])["decision"] == "deny"
    assert decide("product.manage", PRODUCT, delegation,
                  [elevation(NOW + timedelta(hours=2), link=OTHER)])["decision"] == "deny"


def test_px3_an_elevation_counts_only_while_its_link_is_active_and_held():
    active = [elevation(NOW + timedelta(hours=2))]
    ended = grant("limited-statistics", partner_role="administrator", status="ended")
    assert decide("product.manage", PRODUCT, ended, active)["decision"] == "deny"
    unassigned = grant("limited-statistics", partner_role="collaborator", assignment=None)
    assert decide("product.manage", PRODUCT, unassigned, active)["decision"] == "deny"
    assert decide("billing.read", None, grant("limited-statistics", partner_role="administrator"),
                  active)["decision"] == "deny"


def test_px3_elevations_are_read_only_when_the_grant_does_not_decide():
    def untouchable():
        raise AssertionError("elevations read although the grant decided")
        yield

    assert decide("product.manage", PRODUCT, grant("full", partner_role="administrator"),
                  untouchable())["decision"] == "allow"


def test_pa6_a_direct_membership_still_decides_first():
    member = {"id": 9, "role": "administrator", "external": False, "product_ids": [], "billing_rights": False}
    decision = decide_access("product.manage", PRODUCT, membership=member,
                             delegations=[grant("limited-statistics", partner_role="administrator")], now=NOW)
    assert decision["via"] == {"kind": "membership", "id": "9"}
