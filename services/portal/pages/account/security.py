"""The secrets of the login: password (ID1), login email (ID1), recovery email (ID4) and
recovery mobile (ID5), each changed only with the current password."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError

from . import bp, problems
from ...apis import identity
from ...forms import Form


@bp.get("/password")
def password():
    return render_template("account/password.html", form=Form())


@bp.post("/password")
def change_password():
    form = Form(request.form)
    try:
        identity.change_password(form["current_password"], form["new_password"])
    except DomainError as error:
        problems.fail(form, error, password="current_password", new_password="new_password")
        return render_template("account/password.html", form=form), 422
    flash(_("Your password was changed. Your other sessions were ended."), "success")
    return redirect(url_for("account.password"), code=303)


@bp.get("/login-email")
def login_email():
    return render_template("account/login_email.html", form=Form(), me=identity.me())


@bp.post("/login-email")
def change_login_email():
    form = Form(request.form)
    try:
        identity.change_login_email(form["new_email"].strip(), form["password"])
    except DomainError as error:
        problems.fail(form, error, email="new_email")
        return render_template("account/login_email.html", form=form, me=identity.me()), 422
    flash(_("We sent a confirmation link to %(email)s. Your login email changes when you open it; until then, "
            "keep signing in with your current one.", email=form["new_email"].strip()), "success")
    return redirect(url_for("account.login_email"), code=303)


def _recovery(email_form=None, mobile_form=None, status=200):
    return render_template("account/recovery.html", me=identity.me(), email_form=email_form or Form(),
                           mobile_form=mobile_form or Form()), status


@bp.get("/recovery")
def recovery():
    return _recovery()


@bp.post("/recovery/email")
def recovery_email():
    form = Form(request.form)
    try:
        identity.set_recovery_email(form["recovery_email"].strip(), form["email_password"])
    except DomainError as error:
        fields = {"email": "recovery_email", "password": "email_password"}
        return _recovery(email_form=problems.fail(form, error, fields, password="email_password"), status=422)
    flash(_("Your recovery email was saved: password reset links go there."), "success")
    return redirect(url_for("account.recovery"), code=303)


@bp.post("/recovery/mobile")
def recovery_mobile():
    form = Form(request.form)
    mobile = "".join(form["mobile"].split()) or None  # "+41 79 123 45 67" as typed; empty removes it
    try:
        identity.set_mobile(mobile, form["mobile_password"])
    except DomainError as error:
        fields = {"password": "mobile_password"}
        return _recovery(mobile_form=problems.fail(form, error, fields, password="mobile_password"), status=422)
    flash(_("Your mobile number was saved.") if mobile else _("Your mobile number was removed."), "success")
    return redirect(url_for("account.recovery"), code=303)
