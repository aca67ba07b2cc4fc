"""Work teams (OR11): create, rename, change the lead, add and remove members, delete."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError

from ...apis import orgs
from ...forms import Form
from . import bp
from .common import confirm, fail, load, member_name, render

FIELDS = {"lead_account_id": "lead"}


def _people(organization_id):
    return {m["account_id"]: m for m in orgs.members(organization_id)}


@bp.route("/organizations/<uuid:organization_id>/teams", methods=["GET", "POST"])
def teams(organization_id):
    form = Form(request.form or None, lead="")
    if request.method == "POST":
        try:
            team = orgs.create_team(organization_id, form["name"].strip(), form["lead"] or None)
        except DomainError as error:
            fail(form, error, FIELDS)
        else:
            flash(_("The team %(name)s was created.", name=team["name"]), "success")
            return redirect(url_for(".teams_edit", organization_id=organization_id, team_id=team["id"]), code=303)
    return render("teams.html", load(organization_id), 200 if form.ok else 422, form=form,
                  teams=orgs.teams(organization_id), people=_people(organization_id))


@bp.route("/organizations/<uuid:organization_id>/teams/<uuid:team_id>", methods=["GET", "POST"])
def teams_edit(organization_id, team_id):
    team = orgs.team(organization_id, team_id)
    form = Form(request.form or None, name=team["name"], lead=team.get("lead_account_id") or "")
    if request.method == "POST":
        try:
            orgs.update_team(organization_id, team_id, {"name": form["name"].strip(),
                                                        "lead_account_id": form["lead"] or None})
        except DomainError as error:
            fail(form, error, FIELDS)
        else:
            flash(_("The team was saved."), "success")
            return redirect(request.path, code=303)
    return render("team.html", load(organization_id), 200 if form.ok else 422, form=form, team=team,
                  people=_people(organization_id))


@bp.post("/organizations/<uuid:organization_id>/teams/<uuid:team_id>/members")
def teams_add(organization_id, team_id):
    people = _people(organization_id)
    account_id = request.form.get("account_id", "")
    if account_id not in people:
        flash(_("Choose a member of the organization."), "error")
    else:
        orgs.add_to_team(organization_id, team_id, account_id)
        flash(_("%(name)s is now in the team.", name=member_name(people[account_id])), "success")
    return redirect(url_for(".teams_edit", organization_id=organization_id, team_id=team_id), code=303)


@bp.route("/organizations/<uuid:organization_id>/teams/<uuid:team_id>/members/<uuid:account_id>/remove",
          methods=["GET", "POST"])
def teams_remove(organization_id, team_id, account_id):
    name = member_name(_people(organization_id).get(str(account_id), {"account_id": str(account_id)}))
    return confirm(lambda: orgs.remove_from_team(organization_id, team_id, account_id),
                   url_for(".teams_edit", organization_id=organization_id, team_id=team_id),
                   _("Take %(name)s out of the team?", name=name),
                   _("They lose the products they reached through this team at once."), _("Take out of the team"),
                   _("%(name)s left the team.", name=name))


@bp.route("/organizations/<uuid:organization_id>/teams/<uuid:team_id>/delete", methods=["GET", "POST"])
def teams_delete(organization_id, team_id):
    team = orgs.team(organization_id, team_id)
    return confirm(lambda: orgs.delete_team(organization_id, team_id),
                   url_for(".teams_edit", organization_id=organization_id, team_id=team_id),
                   _("Delete the team %(name)s?", name=team["name"]),
                   _("Its members keep only the products granted to them directly."), _("Delete the team"),
                   _("The team %(name)s was deleted.", name=team["name"]),
                   then=url_for(".teams", organization_id=organization_id))
