"""Who may act inside an organization, for orgs' own person endpoints: the one access check
(access.decide, OR14) decides, memberships and partner delegations alike. Whoever reaches the
organization neither as a member nor through a delegation gets 404; whoever reaches it but
may not do the act, 403 with the rule (audited, with the link when it is a partner user)."""
from services.common.errors import Forbidden, NotFound
from services.common.i18n import N_

from . import access, audit, domain
from .models import Membership, Organization, Team, TeamMember

NO_SUCH_ORGANIZATION = N_("No such organization.")
# The rule a refusal names: the manager actions' own, PA7 for partner.manage (never delegated).
RULES = {**domain.MANAGER_ACTIONS, "partner.manage": "PA7"}


def membership_of(organization_id, account_id):
    """The caller's membership; a stranger learns nothing, not even that the organization exists."""
    membership = find_membership(organization_id, account_id)
    if membership is None:
        raise NotFound(NO_SUCH_ORGANIZATION)
    return membership


def find_membership(organization_id, account_id):
    return (Membership.select(Membership, Organization).join(Organization)
            .where((Membership.organization == organization_id) & (Membership.account_id == account_id))
            .first())


def team_grants(organization_id, account_id):
    teams = (Team.select(Team.id, Team.product_ids).join(TeamMember)
             .where((Team.organization == organization_id) & (TeamMember.account_id == account_id)))
    return [(team.id, team.product_ids or []) for team in teams]


def link_of(decision):
    """The link id when a delegation decided, else None."""
    via = decision.get("via") or {}
    return via.get("id") if via.get("kind") == "delegation" else None


def viewer(organization_id, account_id):
    """(membership or None, link id or None) of someone who may read the organization: a member,
    or a partner user through an active link (PA6); anyone else 404."""
    membership = find_membership(organization_id, account_id)
    if membership is not None:
        return membership, None
    decision = access.decide(account_id, "organization.read", organization_id)
    if decision["decision"] != "allow":
        raise NotFound(NO_SUCH_ORGANIZATION)
    return None, link_of(decision)


def authorize(organization_id, account_id, action, target=None):
    """The caller's membership (None when a delegation allows) when the access check allows
    `action`; a denial is audited (with the link of a partner user), then 403; 404 for strangers."""
    decision = access.decide(account_id, action, organization_id)
    if decision["decision"] == "allow":
        return None if link_of(decision) else membership_of(organization_id, account_id)
    _membership, link = viewer(organization_id, account_id)  # 404 for whoever does not reach it
    audit.record_denial(organization_id, account_id, action, target, decision["reason"], delegation_id=link)
    refusal = domain.REFUSALS.get(action, N_("You may not do this in this organization (OR14)."))
    raise Forbidden(refusal, rule=RULES.get(action, "OR14"))


def member_only(organization_id, account_id):
    """Organization-wide sharing (members, teams, support access) is for members: a partner user
    reaching the client through a link is refused (403), a stranger gets 404."""
    membership, _link = viewer(organization_id, account_id)
    if membership is None:
        raise Forbidden(N_("This stays the organization's own: partner staff do not see it (OR14, PA6)."),
                        rule="OR14")
    return membership
