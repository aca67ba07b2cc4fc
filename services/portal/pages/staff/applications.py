"""PA1: staff review applications: the list (pending first, filtered by status, paged), one
application, approving it (a confirmation page) or rejecting it with a reason (its form is
the confirmation). The applicant is mailed by partner."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError

from ...apis import partner
from ...forms import Form
from ..organizations.common import confirm, fail
from ..partner.common import page_size
from . import bp
from .scopes import require_staff

STATUSES = ("pending", "approved", "rejected")


@bp.before_request
def _staff_only():
    require_staff()


@bp.get("/staff/applications")
def applications():
    chosen = request.args.get("status", "pending")
    chosen = chosen if chosen in STATUSES else ""
    cursor = request.args.get("cursor") or None
    page = partner.applications(status=chosen, cursor=cursor, limit=page_size())
    items = sorted(page["items"], key=lambda a: a.get("status") != "pending")  # stable: pending first
    return render_template("staff/applications.html", applications=items, next_cursor=page.get("next_cursor"),
                           paged=bool(cursor), status_filter=chosen, statuses=STATUSES)


@bp.get("/staff/applications/<uuid:application_id>")
def applications_detail(application_id):
    return render_template("staff/application.html", application=partner.application_by_id(application_id))


@bp.route("/staff/applications/<uuid:application_id>/approval", methods=["GET", "POST"])
def applications_approve(application_id):
    found = partner.application_by_id(application_id)
    return confirm(lambda: partner.approve_application(application_id),
                   url_for(".applications_detail", application_id=application_id),
                   _("Approve %(name)s as a partner?", name=found["legal_name"]),
                   _("The organization becomes a partner at once and can add clients; its legal representatives "
                     "are told by email."),
                   _("Approve the application"), _("%(name)s is now a partner.", name=found["legal_name"]))


@bp.route("/staff/applications/<uuid:application_id>/rejection", methods=["GET", "POST"])
def applications_reject(application_id):
    found = partner.application_by_id(application_id)
    form = Form(request.form or None)
    if request.method == "POST":
        if not form["reason"].strip():
            form.error("reason", _("Give the reason: the applicant reads it."))
        else:
            try:
                partner.reject_application(application_id, form["reason"].strip())
            except DomainError as error:
                fail(form, error, {"reason": "reason"})
            else:
                flash(_("The application of %(name)s was rejected.", name=found["legal_name"]), "success")
                return redirect(url_for(".applications_detail", application_id=application_id), code=303)
    return render_template("staff/reject.html", application=found, form=form), 200 if form.ok else 422
