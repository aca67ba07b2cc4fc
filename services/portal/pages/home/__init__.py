"""Home: the organization the person works in and the switcher between theirs (ID11)."""
from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from services.common.i18n import N_

from ... import context
from ...apis import identity
from ...navigation import safe_next

bp = Blueprint("home", __name__, template_folder="templates")
NAV = [(10, "home.index", N_("Home"))]


@bp.get("/")
def index():
    """Two API calls: orgs (the switcher's organizations) and identity (the last sign-ins, ID9,
    so that a sign-in the person does not recognise is seen at once)."""
    recent = identity.login_activity(per_page=2)["items"]
    previous = recent[1] if len(recent) > 1 else None
    if previous:
        previous = {**previous, "at": datetime.fromisoformat(previous["at"])}
    return render_template("home/index.html", me=context.me(), organization=context.current_organization(),
                           previous=previous)


@bp.post("/organizations/current")
def switch_organization():
    if context.choose_organization(request.form.get("organization_id", "")):
        organization = context.current_organization()
        flash(_("You are now working in %(name)s.", name=organization["name"]), "success")
    else:
        flash(_("You are not a member of that organization."), "error")
    return redirect(safe_next(request.form.get("next"), url_for("home.index")), code=303)
