"""Members (OR3-OR9): their role and rights, removing one, leaving oneself."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError, NotFound

from ... import context
from ...apis import orgs
from ...forms import Form
from ...labels import ROLES
from . import bp
from .common import CONTACTS, confirm, fail, forget_current, load, member_name, product_ids, render


def _roles():
    return [(code, _(label)) for code, label in ROLES.items()]


def _member(organization_id, account_id):
    found = next((m for m in orgs.members(organization_id) if m["account_id"] == str(account_id)), None)
    if found is None:
        raise NotFound("No such member.")
    return found


@bp.get("/organizations/<uuid:organization_id>/members")
def members(organization_id):
    return render("members.html", load(organization_id), members=orgs.members(organization_id),
                  me=context.me())


def _changes(form, member):
    changes = {"external": form.get("external") == "1", "billing_rights": form.get("billing_rights") == "1",
               "contact_preferences": {code: form.get(f"contact_{code}") == "1" for code in CONTACTS},
               "product_ids": product_ids(form.get("product_ids"))}
    if form["role"] != member["role"]:  # OR5 applies to giving a role, not to keeping one
        changes["role"] = form["role"]
    return changes


@bp.route("/organizations/<uuid:organization_id>/members/<uuid:account_id>", methods=["GET", "POST"])
def members_edit(organization_id, account_id):
    organization, member = load(organization_id), _member(organization_id, account_id)
    preferences = member.get("contact_preferences") or {}
    form = Form(request.form or None, role=member["role"], external="1" if member["external"] else "",
                billing_rights="1" if member["billing_rights"] else "",
                product_ids="\n".join(member.get("product_ids") or []),
                **{f"contact_{code}": "1" if preferences.get(code) else "" for code in CONTACTS})
    if request.method == "POST":
        try:
            orgs.update_member(organization_id, account_id, _changes(form, member))
        except DomainError as error:
            fail(form, error)
        else:
            flash(_("%(name)s was updated.", name=member_name(member)), "success")
            return redirect(url_for(".members", organization_id=organization_id), code=303)
    return render("member.html", organization, 200 if form.ok else 422, form=form, member=member, roles=_roles())


@bp.route("/organizations/<uuid:organization_id>/members/<uuid:account_id>/remove", methods=["GET", "POST"])
def members_remove(organization_id, account_id):
    member = _member(organization_id, account_id)
    name = member_name(member)
    # An OR7 refusal: the error page with its sentence.
    return confirm(lambda: orgs.remove_member(organization_id, account_id),
                   url_for(".members", organization_id=organization_id), _("Remove %(name)s?", name=name),
                   _("%(name)s loses access to every product of the organization at once.", name=name),
                   _("Remove the member"), _("%(name)s was removed from the organization.", name=name))


@bp.route("/organizations/<uuid:organization_id>/leave", methods=["GET", "POST"])
def members_leave(organization_id):
    organization = load(organization_id)

    def leave():  # an OR7/OR8 refusal: the error page with its sentence
        orgs.leave(organization_id)
        forget_current(str(organization_id))
    return confirm(leave, url_for(".members", organization_id=organization_id),
                   _("Leave %(name)s?", name=organization["name"]),
                   _("You will no longer see this organization or reach its products."), _("Leave the organization"),
                   _("You left %(name)s.", name=organization["name"]), then=url_for("home.index"))
