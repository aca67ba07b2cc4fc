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
from .common import confirm, fail, forget_current, load, refresh_organizations, render

LOGO_KINDS = ("square", "rectangular")
LOGO_TYPES = ("image/png", "image/jpeg", "image/webp")  # what orgs accepts
LOGO_MAX_BYTES = 512 * 1024


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
                  logos=_logos(organization))


def _logos(organization):
    """Per kind: whether orgs keeps an uploaded one (branding names it by its API path) and its texts."""
    branding = organization.get("branding") or {}
    texts = {"square": (_("Square logo"), _("Square logo of %(name)s", name=organization["name"]),
                        _("Square logo: image file"), _("Remove the square logo")),
             "rectangular": (_("Rectangular logo"), _("Rectangular logo of %(name)s", name=organization["name"]),
                             _("Rectangular logo: image file"), _("Remove the rectangular logo"))}
    return [{"kind": kind, "uploaded": (branding.get(f"{kind}_logo_url") or "").startswith("/v1/"),
             **dict(zip(("heading", "alt", "file", "remove"), texts[kind]))} for kind in LOGO_KINDS]


@bp.post("/organizations/<uuid:organization_id>/logos/<any(square, rectangular):kind>")
def upload_logo(organization_id, kind):
    """OR1: checked here for type and size first (orgs answers those with 415/413), then sent as it is."""
    upload = request.files.get("logo")
    content = upload.read(LOGO_MAX_BYTES + 1) if upload and upload.filename else b""
    if not content or upload.mimetype not in LOGO_TYPES or len(content) > LOGO_MAX_BYTES:
        flash(_("Choose a PNG, JPEG or WebP image of at most 512 KiB."), "error")
        return redirect(url_for(".details", organization_id=organization_id), code=303)
    try:
        orgs.upload_logo(organization_id, kind, content, upload.mimetype)
    except DomainError as error:
        flash(fail(Form(), error).message, "error")
    else:
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


@bp.route("/organizations/<uuid:organization_id>/logos/<any(square, rectangular):kind>/remove", methods=["GET", "POST"])
def remove_logo(organization_id, kind):
    return confirm(lambda: orgs.remove_logo(organization_id, kind), url_for(".details", organization_id=organization_id),
                   _("Remove this logo?"), _("The organization is shown without it until you upload another one."),
                   _("Remove the logo"), _("The logo was removed."))


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
