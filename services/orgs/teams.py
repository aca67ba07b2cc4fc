"""Work teams (OR11): named groups of members that receive product access together.

Access is never copied onto memberships: the access check reads team rows at the time of
asking, so adding or removing someone changes their access at once.
"""
from services.common.i18n import N_
from services.common.errors import Conflict, NotFound, RuleViolation

from . import audit, guard
from .models import Membership, Team, TeamMember, db


def _team(organization_id, team_id):
    team = Team.get_or_none((Team.id == team_id) & (Team.organization == organization_id))
    if team is None:
        raise NotFound(N_("No such team."))
    return _with_members(team)


def _with_members(team):
    team.member_ids = [m.account_id for m in TeamMember.select().where(TeamMember.team == team).order_by(TeamMember.id)]
    return team


def _ensure_member(organization_id, account_id):
    """OR11: teams are made of the organization's members (external ones included)."""
    if not Membership.select().where((Membership.organization == organization_id)
                                     & (Membership.account_id == account_id)).exists():
        raise RuleViolation("OR11", N_("Only members of the organization (external ones included) can be in a "
                                       "team: invite the person first."))


def list_teams(organization_id, actor_id):
    guard.member_only(organization_id, actor_id)
    return [_with_members(t) for t in Team.select().where(Team.organization == organization_id).order_by(Team.created_at)]


def get_team(organization_id, actor_id, team_id):
    guard.member_only(organization_id, actor_id)
    return _team(organization_id, team_id)


def create_team(organization_id, actor_id, body):
    guard.authorize(organization_id, actor_id, "teams.manage", body["name"])
    with db.atomic():
        lead = body.get("lead_account_id")
        if lead:
            _ensure_member(organization_id, lead)
        team = Team.create(organization=organization_id, name=body["name"], lead_account_id=lead,
                           product_ids=[str(p) for p in body.get("product_ids") or []])
        if lead:
            TeamMember.create(team=team, account_id=lead)  # a lead belongs to the team it leads
        audit.record(organization_id, actor_id, "team.create", team.id, detail=team.name)
    return _with_members(team)


def update_team(organization_id, actor_id, team_id, changes):
    guard.authorize(organization_id, actor_id, "teams.manage", team_id)
    with db.atomic():
        team = _team(organization_id, team_id)
        if changes.get("lead_account_id"):
            _ensure_member(organization_id, changes["lead_account_id"])
            TeamMember.get_or_create(team=team, account_id=changes["lead_account_id"])
        for field in ("name", "lead_account_id"):
            if field in changes:
                setattr(team, field, changes[field])
        if "product_ids" in changes:
            team.product_ids = [str(p) for p in changes["product_ids"]]
        team.save()
        audit.record(organization_id, actor_id, "team.update", team_id, detail=", ".join(sorted(changes)))
    return _team(organization_id, team_id)


def delete_team(organization_id, actor_id, team_id):
    guard.authorize(organization_id, actor_id, "teams.manage", team_id)
    with db.atomic():
        _team(organization_id, team_id).delete_instance(recursive=True)
        audit.record(organization_id, actor_id, "team.delete", team_id)


def add_to_team(organization_id, actor_id, team_id, account_id):
    guard.authorize(organization_id, actor_id, "teams.manage", team_id)
    with db.atomic():
        team = _team(organization_id, team_id)
        _ensure_member(organization_id, account_id)
        if TeamMember.select().where((TeamMember.team == team) & (TeamMember.account_id == account_id)).exists():
            raise Conflict(N_("Already in this team."))
        TeamMember.create(team=team, account_id=account_id)
        audit.record(organization_id, actor_id, "team.member_add", team_id, detail=str(account_id))
    return _team(organization_id, team_id)


def remove_from_team(organization_id, actor_id, team_id, account_id):
    guard.authorize(organization_id, actor_id, "teams.manage", team_id)
    with db.atomic():
        team = _team(organization_id, team_id)
        removed = TeamMember.delete().where((TeamMember.team == team) & (TeamMember.account_id == account_id)).execute()
        if not removed:
            raise NotFound(N_("Not in this team."))
        if team.lead_account_id and str(team.lead_account_id) == str(account_id):
            team.lead_account_id = None
            team.save()
        audit.record(organization_id, actor_id, "team.member_remove", team_id, detail=str(account_id))
