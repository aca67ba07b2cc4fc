"""PX3: a partner user asks a client for a higher right (technical: manage) on one product in
scope, for 1 to 8 hours, with a reason; the client approves or declines (or pre-approved the
product: approved at once). The person's own requests across clients, newest first."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError

from ...apis import orgs
from ...forms import Form
from . import bp
from .clients import products_in_scope
from .common import fail, link_of, organization, render

HOURS = range(1, 9)
FIELDS = {"product_id": "product_id", "hours": "hours", "reason": "reason"}
STATUSES = ("pending", "approved", "declined", "expired")


@bp.get("/partner/elevations")
def elevations():
    chosen = request.args.get("status") if request.args.get("status") in STATUSES else ""
    found = orgs.my_elevations(chosen or None)
    items = found.get("items", []) if isinstance(found, dict) else found
    return render("elevations.html", elevations=items, status_filter=chosen, statuses=STATUSES)


@bp.route("/partner/clients/<uuid:link_id>/elevation", methods=["GET", "POST"])
def elevations_new(link_id):
    current = organization()
    link = link_of(current, link_id)
    products = products_in_scope(link)
    form = Form(request.form or None, hours="2")
    if request.method == "POST":
        hours = int(form["hours"]) if form["hours"].isdigit() else 0
        if hours not in HOURS:
            form.error("hours", _("Choose from 1 to 8 hours."))
        if not form["reason"].strip():
            form.error("reason", _("Say why you need it."))
        if form.ok:
            try:
                asked = orgs.ask_elevation(link["client_organization_id"], form["product_id"], hours,
                                           form["reason"].strip())
            except DomainError as error:
                fail(form, error, FIELDS)
            else:
                flash(_("The elevation is approved: it lapses by itself after the hours asked.")
                      if asked.get("status") == "approved" else
                      _("Your request was sent to %(name)s.", name=link["client_name"]), "success")
                return redirect(url_for(".elevations"), code=303)
    return render("elevation.html", 200 if form.ok else 422, link=link, form=form, hours=HOURS,
                  products=[(str(p["id"]), p["name"]) for p in products])
