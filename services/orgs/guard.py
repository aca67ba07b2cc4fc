"""Who may act inside an organization: membership first (else 404), then role (else 403)."""
from services.common.errors import Forbidden, NotFound
from services.common.i18n import N_

from . import audit, domain
from .models import Membership, Organization, Team, TeamMember

NO_SUCH_ORGANIZATION = N_("No such organization.")


def membership_of(organization_id, account_id):
    """The caller's membership; a stranger learns nothing, not even that the organization exists."""
    membership = (Membership.select(Membership, Organization).join(Organization)
                  .where((Membership.organization == organization_id) & (Membership.account_id == account_id))
                  .first())
    if membership is None:
        raise NotFound(NO_SUCH_ORGANIZATION)
    return membership


def team_grants(organization_id, account_id):
    teams = (Team.select(Team.id, Team.product_ids).join(TeamMember)
             .where((Team.organization == organization_id) & (TeamMember.account_id == account_id)))
    return [(team.id, team.product_ids or []) for team in teams]


def authorize(organization_id, account_id, action, target=None):
    """The caller's membership when the access check allows `action`; a denial is audited, then 403."""
    membership = membership_of(organization_id, account_id)
    decision = domain.decide_access(action, membership=domain.membership_facts(
        membership.id, membership.role, membership.external, membership.product_ids, membership.billing_rights))
    if decision["decision"] != "allow":
        audit.record_denial(organization_id, account_id, action, target, decision["reason"])
        refusal = domain.REFUSALS.get(action, N_("You may not do this in this organization (OR14)."))
        raise Forbidden(refusal, rule=domain.MANAGER_ACTIONS.get(action, "OR14"))
    return membership
