"""The audit log (OR14): who did what, through which delegation; filters and paging."""
from datetime import date, timedelta

from flask import request, url_for
from flask_babel import gettext as _

from services.common.errors import BadRequest
from services.common.i18n import N_

from ...apis import orgs
from ...forms import Form
from ...labels import GLOBALS
from . import bp
from .common import fail, load, member_name, moment, render

ACTIONS = {
    "organization.create": N_("Organization created"), "organization.update": N_("Details changed"),
    "organization.delete": N_("Organization deleted"),
    "organization.logo.put": N_("Logo uploaded"), "organization.logo.delete": N_("Logo removed"), "member.update": N_("Member changed"),
    "member.removed": N_("Member removed"), "member.left": N_("Member left"),
    "member.bound_to_product": N_("Membership bound to a product"),
    "member.released_from_product": N_("Membership released from a product"),
    "invitation.create": N_("Invitation sent"), "invitation.resend": N_("Invitation resent"),
    "invitation.withdraw": N_("Invitation withdrawn"), "invitation.accept": N_("Invitation accepted"),
    "invitation.decline": N_("Invitation declined"), "team.create": N_("Team created"),
    "team.update": N_("Team changed"), "team.delete": N_("Team deleted"), "team.member_add": N_("Added to a team"),
    "team.member_remove": N_("Taken out of a team"), "support.grant": N_("Support access given"),
    "support.revoke": N_("Support access revoked"), "members.manage": N_("Managing members"),
    "invitations.manage": N_("Managing invitations"), "teams.manage": N_("Managing teams"),
    "support.manage": N_("Managing support access"), "audit.read": N_("Reading the audit log"),
}
PAGE = 25
NAMED_IN_DETAIL = ("team.create", "invitation.create")  # their detail is the team's name, the address


def _day(text, field, form, after=0):
    """A yyyy-mm-dd filter as the start of that day (or of the next one, for "to") in UTC."""
    if not text:
        return None
    try:
        return (date.fromisoformat(text) + timedelta(days=after)).isoformat() + "T00:00:00+00:00"
    except ValueError:
        form.error(field, _("Enter a date as YYYY-MM-DD."))
        return None


def _filters(form, known):
    """orgs' query from the form's: ids only when they are members or teams the page offered."""
    return {"action": form["action"], "actor": form["actor"] if form["actor"] in known else None,
            "target": form["target"] if form["target"] in known else None,
            "since": _day(form["since"], "since", form), "until": _day(form["until"], "until", form, after=1),
            "before": request.args.get("before", type=int),
            "limit": min(max(request.args.get("limit", PAGE, type=int), 1), 200)}


def _entry(entry, people, teams):
    """Names instead of ids where the page knows them: members, teams, content types."""
    def name(ident):
        if ident in people:
            return member_name(people[ident])
        return teams.get(ident)
    target, detail = entry.get("target"), entry.get("detail")
    if entry["action"].startswith("support."):
        target_name = GLOBALS["content_name"](target)
    else:
        target_name = name(target) or (detail if entry["action"] in NAMED_IN_DETAIL else None) or target
    return {**entry, "at": moment(entry["at"]), "target_name": target_name, "detail_name": name(detail),
            "actor": name(entry.get("actor_id")) or entry.get("actor_id") or _("the system")}


@bp.get("/organizations/<uuid:organization_id>/audit")
def audit(organization_id):
    organization = load(organization_id)
    form = Form(request.args)
    people = {m["account_id"]: m for m in orgs.members(organization_id)}
    teams = {t["id"]: t["name"] for t in orgs.teams(organization_id)}
    filters = _filters(form, set(people) | set(teams))
    page = {"items": [], "total": 0, "next_cursor": None}
    if form.ok:
        try:
            page = orgs.audit(organization_id, **filters)
        except BadRequest as error:
            fail(form, error)
    next_args = {k: v for k, v in request.args.items() if k != "before" and v}
    return render("audit.html", organization, 200 if form.ok else 422, form=form, page=page, people=people,
                  teams=teams, entries=[_entry(e, people, teams) for e in page["items"]],
                  actions=[(code, _(label)) for code, label in ACTIONS.items()],
                  action_name=lambda code: _(ACTIONS[code]) if code in ACTIONS else code,
                  next_url=url_for(".audit", organization_id=organization_id, **next_args,
                                   before=page.get("next_cursor")))
