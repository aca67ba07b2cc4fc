"""Two-step verification (ID6, ID7): set up with a QR code or the secret typed by hand, turned
on with a first code, 10 backup codes shown in that one response only; turned off with the
password from a sign-in that passed it."""
from flask import Response, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from services.common.errors import Conflict, DomainError, NotFound

from . import bp, problems
from ...apis import identity
from ...forms import Form

PENDING = "totp_setup"  # the secret being set up, in the encrypted cookie until it is turned on


@bp.get("/two-step")
def two_step():
    return render_template("account/two_step.html", me=identity.me(), pending=PENDING in session)


@bp.post("/two-step")
def two_step_start():
    try:
        session[PENDING] = identity.start_two_factor()["secret"]
    except Conflict:  # already on (another tab)
        flash(_("Two-step verification is already on."), "info")
        return redirect(url_for("account.two_step"), code=303)
    return redirect(url_for("account.two_step_setup"), code=303)


def _setup(form, status=200):
    return render_template("account/two_step_setup.html", form=form, secret=session[PENDING]), status


@bp.get("/two-step/setup")
def two_step_setup():
    if PENDING not in session:
        return redirect(url_for("account.two_step"), code=303)
    return _setup(Form())


@bp.get("/two-step/qr.png")
def two_step_qr():
    """identity's QR code, fetched as the person: the page's <img> stays on the portal."""
    return Response(identity.two_factor_qr(), mimetype="image/png", headers={"Cache-Control": "no-store"})


@bp.post("/two-step/activate")
def two_step_activate():
    form = Form(request.form)
    try:
        codes = identity.activate_two_factor("".join(form["code"].split()))
    except (Conflict, NotFound):  # already on (the form sent twice), or never started
        session.pop(PENDING, None)
        return redirect(url_for("account.two_step"), code=303)
    except DomainError as error:
        if PENDING not in session:
            return redirect(url_for("account.two_step"), code=303)
        problems.fail(form, error).errors.setdefault("code", _("Enter the current 6-digit code of your app."))
        return _setup(form, 422)
    session.pop(PENDING, None)
    # Shown in this response only: never in the cookie, and identity keeps only their hashes.
    return render_template("account/backup_codes.html", codes=codes)


@bp.route("/two-step/disable", methods=["GET", "POST"])
def two_step_disable():
    form = Form(request.form)
    if request.method == "GET" or request.form.get("confirmed") != "1":
        return render_template("account/two_step_disable.html", form=form)
    try:
        identity.disable_two_factor(form["password"])
    except DomainError as error:
        return render_template("account/two_step_disable.html", form=problems.fail(form, error)), 422
    flash(_("Two-step verification is off. Signing in now needs only your password."), "success")
    return redirect(url_for("account.two_step"), code=303)
