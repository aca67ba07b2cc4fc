"""Staff's moderation of calls for tenders (PA13's abuse): every tender, filtered by status and
paged, and removing one with a reason (its form is the confirmation): it leaves every inbox."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError

from ...apis import tenders
from ...forms import Form
from ..organizations.common import fail
from ..staff.scopes import require_staff
from . import bp
from .common import listing


@bp.get("/staff/tenders")
def staff():
    require_staff()
    return render_template("tenders/staff.html", **listing(tenders.staff_tenders))


@bp.route("/staff/tenders/<uuid:tender_id>/remove", methods=["GET", "POST"])
def staff_remove(tender_id):
    require_staff()
    form = Form(request.form or None)
    if request.method == "POST":
        reason = form["reason"].strip()
        if not reason:
            form.error("reason", _("Give the reason: it is kept with the tender."))
        else:
            try:
                tenders.staff_remove(tender_id, reason)
            except DomainError as error:
                fail(form, error, {"reason": "reason"})
            else:
                flash(_("The call for tenders was removed from every inbox."), "success")
                return redirect(url_for(".staff"), code=303)
    return render_template("tenders/remove.html", tender_id=tender_id, form=form), 200 if form.ok else 422
