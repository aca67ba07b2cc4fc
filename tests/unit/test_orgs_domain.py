"""OR3-OR9 and OR12 rules as plain functions, checked exhaustively."""
import itertools
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.common.errors import Forbidden, RuleViolation
from services.orgs import domain, mails
from services.orgs.domain import ADMINISTRATOR, COLLABORATOR, LEGAL_REPRESENTATIVE, ROLES

NOW = datetime(2026, 11, 21, 12, 0)

organizations = st.dictionaries(st.sampled_from([f"a{i}" for i in range(6)]), st.sampled_from(ROLES), min_size=1)


@given(organizations, st.data())
def test_or7_last_legal_representative_can_be_neither_removed_nor_demoted(roles, data):
    account = data.draw(st.sampled_from(sorted(roles)))
    new_role = data.draw(st.sampled_from(ROLES + (None,)))
    others = sum(1 for who, role in roles.items() if who != account and role == LEGAL_REPRESENTATIVE)
    refused = roles[account] == LEGAL_REPRESENTATIVE and others == 0 and new_role != LEGAL_REPRESENTATIVE
    if refused:
        with pytest.raises(RuleViolation) as error:
            domain.ensure_not_last_legal_representative(roles, account, new_role)
        assert error.value.extensions["rule"] == "OR7"
    else:
        domain.ensure_not_last_legal_representative(roles, account, new_role)
    # Whatever is allowed leaves at least one legal representative when there was one.
    if not refused and any(r == LEGAL_REPRESENTATIVE for r in roles.values()):
        assert domain.legal_representatives_after(roles, account, new_role) >= 1


@given(organizations, st.data())
def test_or8_sole_legal_representative_is_exactly_who_cannot_leave(roles, data):
    account = data.draw(st.sampled_from(sorted(roles)))
    try:
        domain.ensure_not_last_legal_representative(roles, account, None)
        leaves = True
    except RuleViolation:
        leaves = False
    assert leaves is not domain.sole_legal_representative(roles, account)


@pytest.mark.parametrize("actor,new_role", itertools.product(ROLES, ROLES))
def test_or4_or5_who_may_give_which_role(actor, new_role):
    allowed = actor == LEGAL_REPRESENTATIVE or (actor == ADMINISTRATOR and new_role != LEGAL_REPRESENTATIVE)
    if allowed:
        domain.ensure_may_assign_role(actor, new_role)
    else:
        with pytest.raises(Forbidden) as error:
            domain.ensure_may_assign_role(actor, new_role)
        assert error.value.extensions["rule"] == ("OR4" if actor == COLLABORATOR else "OR5")


@pytest.mark.parametrize("old,new", itertools.product(ROLES, ROLES))
def test_or9_the_role_change_summary_names_both_roles_and_the_organization(old, new):
    subject, text = mails.role_change_summary("en", "Alpine Web", old, new, NOW)
    assert "Alpine Web" in subject
    assert old.replace("_", " ") in text and new.replace("_", " ") in text


@given(st.integers(min_value=0, max_value=20 * 24 * 3600))
def test_or12_a_support_grant_lasts_seven_days_unless_revoked(age_seconds):
    granted = NOW - timedelta(seconds=age_seconds)
    assert domain.support_grant_active(granted, None, NOW) is (age_seconds < 7 * 24 * 3600)
    assert domain.support_grant_active(granted, granted, NOW) is False


@given(st.integers(min_value=-3 * 24 * 3600, max_value=10 * 24 * 3600))
def test_or4_a_pending_invitation_expires_seven_days_after_sending(elapsed):
    sent = NOW
    expires = domain.invitation_expiry(sent)
    now = sent + timedelta(seconds=elapsed)
    assert domain.invitation_state("pending", expires, now) == ("expired" if elapsed >= 7 * 24 * 3600 else "pending")
    for answered in ("accepted", "declined", "withdrawn"):
        assert domain.invitation_state(answered, expires, now) == answered
