"""OR6, OR11, OR14, PA5-PA6: the access decision, over every combination of its inputs."""
import itertools

import pytest

from services.orgs.domain import (ACTIONS, BILLING_ACTIONS, COLLABORATOR, LEGAL_REPRESENTATIVE, MANAGER_ACTIONS,
                                  MANAGERS, PRODUCT_ACTIONS, ROLES, decide_access)

P, OTHER = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"

MEMBERSHIPS = [None] + [
    {"id": 7, "role": role, "external": external, "billing_rights": billing, "product_ids": direct}
    for role, external, billing, direct in itertools.product(ROLES, (False, True), (False, True), ([], [P]))]
TEAMS = [(), (("team-1", [P]),), (("team-1", [OTHER]),)]
# Held through the partner's administrator role: the whole grant (PA6); assignments and the
# end date are in test_orgs_delegation_matrix.py (PA7, PX1, PX3).
DELEGATIONS = [(), ({"id": "d-limited-tech", "scope": "limited", "products": {P: {"technical": True}},
                     "partner_role": "administrator"},),
               ({"id": "d-limited-stats", "scope": "limited", "products": {P: {"statistics": True}},
                 "partner_role": "administrator"},),
               ({"id": "d-full", "scope": "full", "billing": False, "partner_role": "administrator"},),
               ({"id": "d-full-billing", "scope": "full", "billing": True, "partner_role": "administrator"},)]


def every_case():
    for action, product, membership, teams, delegations in itertools.product(
            ACTIONS, (None, P, OTHER), MEMBERSHIPS, TEAMS, DELEGATIONS):
        if membership is None and teams:
            continue  # teams are made of members
        yield action, product, membership, teams, delegations, decide_access(action, product, membership, teams,
                                                                             delegations)


def allowed(decision):
    assert decision["decision"] in ("allow", "deny")
    assert (decision["via"] is not None) == (decision["decision"] == "allow") and decision["reason"]
    return decision["decision"] == "allow"


def test_or14_every_decision_is_allow_with_a_via_or_deny_with_a_reason():
    assert sum(1 for *_rest, decision in every_case() if allowed(decision) or True) > 5000


def test_or6_administrators_and_legal_representatives_reach_every_product():
    for action, product, membership, _teams, _delegations, decision in every_case():
        if membership and membership["role"] in MANAGERS and not membership["external"] and action in PRODUCT_ACTIONS:
            assert allowed(decision) and decision["via"]["kind"] == "membership"


def test_or6_or11_a_collaborator_reaches_only_products_granted_directly_or_through_a_team():
    for action, product, membership, teams, delegations, decision in every_case():
        if action not in PRODUCT_ACTIONS or not membership or delegations:
            continue
        if membership["role"] in MANAGERS and not membership["external"]:
            continue
        direct = product is not None and product in membership["product_ids"]
        by_team = product is not None and any(product in products for _team, products in teams)
        assert allowed(decision) == (direct or by_team), (action, product, membership, teams)
        if direct:
            assert decision["via"]["kind"] == "grant"
        elif by_team:
            assert decision["via"] == {"kind": "team", "id": "team-1"}


def test_or6_billing_rights_are_separate_from_the_role():
    for action, _product, membership, _teams, delegations, decision in every_case():
        if action in BILLING_ACTIONS:
            member_may = bool(membership) and (membership["role"] == LEGAL_REPRESENTATIVE or membership["billing_rights"])
            delegation_may = any(d["scope"] == "full" and d.get("billing") for d in delegations)
            assert allowed(decision) == (member_may or delegation_may)


def test_or3_or10_only_internal_managers_run_the_organization():
    for action, _product, membership, _teams, _delegations, decision in every_case():
        if action in MANAGER_ACTIONS:
            expected = bool(membership) and membership["role"] in MANAGERS and not membership["external"]
            assert allowed(decision) == expected
        if action == "organization.delete":
            expected = bool(membership) and membership["role"] == LEGAL_REPRESENTATIVE and not membership["external"]
            assert allowed(decision) == expected


def test_pa5_pa6_a_partner_acts_only_within_the_delegated_scope():
    for action, product, membership, _teams, delegations, decision in every_case():
        if membership is not None or not delegations:
            continue
        delegation = delegations[0]
        rights = (delegation.get("products") or {}).get(product or "", {})
        if action in PRODUCT_ACTIONS:
            expected = delegation["scope"] == "full" or bool(rights.get("technical")) or (
                action == "product.read" and bool(rights.get("statistics")))
        elif action in BILLING_ACTIONS:
            expected = delegation["scope"] == "full" and bool(delegation.get("billing"))
        else:
            expected = action == "organization.read"
        assert allowed(decision) == expected, (action, product, delegation)
        if expected:
            assert decision["via"] == {"kind": "delegation", "id": delegation["id"]}
            assert delegation["id"] in decision["reason"]


def test_or14_strangers_without_delegation_are_denied_everything():
    for action, product in itertools.product(ACTIONS, (None, P)):
        assert not allowed(decide_access(action, product))
    assert not allowed(decide_access("product.destroy", P, MEMBERSHIPS[1]))


def test_or14_teams_and_delegations_are_read_only_when_the_membership_does_not_decide():
    """orgs' access check passes lazy iterables that query on first use: an administrator's
    decision, or a collaborator's direct grant, must not touch them."""
    def untouchable():
        raise AssertionError("read although the membership decided")
        yield  # a generator: nothing runs until iterated

    admin = {"id": "m1", "role": "administrator", "external": False, "product_ids": [], "billing_rights": False}
    assert decide_access("product.manage", "p1", membership=admin, team_grants=untouchable(),
                         delegations=untouchable())["decision"] == "allow"
    granted = {**admin, "role": "collaborator", "product_ids": ["p1"]}
    assert decide_access("product.read", "p1", membership=granted, team_grants=untouchable(),
                         delegations=untouchable())["via"]["kind"] == "grant"
    # Not granted directly: the teams are read (and here they grant it).
    assert decide_access("product.read", "p2", membership=granted, team_grants=iter([("t1", ["p2"])]),
                         delegations=untouchable())["via"] == {"kind": "team", "id": "t1"}


@pytest.mark.parametrize("action", sorted(MANAGER_ACTIONS))
def test_or14_a_refused_manager_action_cites_its_own_rule(action):
    decision = decide_access(action, membership={"id": 1, "role": COLLABORATOR})
    assert decision["decision"] == "deny" and decision["reason"].endswith(f"({MANAGER_ACTIONS[action]})")
