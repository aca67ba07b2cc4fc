"""Creating an organization (OR2), its details and branding (OR1, OR10), its logos, and
deleting it (OR13)."""
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError, NotFound, RuleViolation
from services.common.money import CURRENCIES

from ... import context
from ...apis import orgs
from ...forms import Form
from ...labels import KINDS
from . import bp
from .common import fail, forget_current, load, refresh_organizations, render

LOGO_KINDS = ("square", "rectangular")


def _kinds():
    return [(code, _(label)) for code, label in KINDS.items()]


@bp.route("/organizations/new", methods=["GET", "POST"])
def new():
    form = Form(request.form, kind="company", currency=CURRENCIES[0])
    if request.method == "POST":
        try:
            created = orgs.create_organization(form["name"].strip(), form["kind"], form["currency"])
        except DomainError as error:
            fail(form, error)
        else:
            refresh_organizations()
            context.choose_organization(created["id"])
            flash(_("%(name)s was created; you are now working in it.", name=created["name"]), "success")
            return redirect(url_for(".details", organization_id=created["id"]), code=303)
    return render_template("organizations/new.html", form=form, kinds=_kinds(),
                           currencies=[(c, c) for c in CURRENCIES]), 422 if form.message or form.errors else 200


@bp.route("/organizations/<uuid:organization_id>", methods=["GET", "POST"])
def details(organization_id):
    organization = load(organization_id)
    branding = organization.get("branding") or {}
    form = Form(request.form or None, name=organization["name"], kind=organization["kind"],
                initials=branding.get("initials") or "")
    if request.method == "POST":
        changes = {"name": form["name"].strip(), "kind": form["kind"],
                   "branding": {"initials": form["initials"].strip() or None}}
        try:
            orgs.update_organization(organization_id, changes)
        except DomainError as error:
            fail(form, error, {"branding.initials": "initials"})
        else:
            flash(_("The details were saved."), "success")
            return redirect(url_for(".details", organization_id=organization_id), code=303)
    return render("details.html", organization, 422 if not form.ok else 200, form=form, kinds=_kinds(),
                  logo_kinds=[("square", _("Square")), ("rectangular", _("Rectangular"))])


@bp.post("/organizations/<uuid:organization_id>/logos/<any(square, rectangular):kind>")
def upload_logo(organization_id, kind):
    upload = request.files.get("logo")
    if not upload or not upload.filename:
        flash(_("Choose an image file to upload."), "error")
    else:
        orgs.upload_logo(organization_id, kind, upload.read(), upload.mimetype or "application/octet-stream")
        flash(_("The logo was uploaded."), "success")
    return redirect(url_for(".details", organization_id=organization_id), code=303)


@bp.get("/organizations/<uuid:organization_id>/logos/<any(square, rectangular):kind>")
def logo(organization_id, kind):
    try:
        answer = orgs.logo(organization_id, kind)
    except NotFound:
        return Response(status=404)
    response = Response(answer.content, content_type=answer.headers.get("Content-Type", "application/octet-stream"))
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/organizations/<uuid:organization_id>/delete", methods=["GET", "POST"])
def delete(organization_id):
    organization = load(organization_id)
    form, blockers = Form(), []
    if request.method == "POST" and request.form.get("confirmed") == "1":
        try:
            orgs.delete_organization(organization_id)
        except DomainError as error:
            fail(form, error)
            if isinstance(error, RuleViolation):
                blockers = [b.get("detail") or b.get("reason", "") for b in error.extensions.get("blockers") or []]
        else:
            forget_current(str(organization_id))
            flash(_("%(name)s was deleted.", name=organization["name"]), "success")
            return redirect(url_for("home.index"), code=303)
    return render("delete.html", organization, 422 if form.message else 200, form=form, blockers=blockers)
