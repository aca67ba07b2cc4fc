"""The forgotten-password (ID4) and forgotten-login-email (ID5) pages. Both answer the same
whether or not an account matches."""
import re

from flask import current_app, request

from services.common.i18n import N_
from services.common.web import accepts_form

from .. import recovery
from ..schemas import E164
from .csrf import check_csrf
from .pages import blp
from .render import page, translated

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@blp.get("/forgot-password")
def forgot_password_form():
    return page("forgot_password.html", sent=False, error=None)


@blp.post("/forgot-password")
@accepts_form
def forgot_password():
    check_csrf()
    email = request.form.get("email", "").strip()[:254]
    if not EMAIL.match(email):
        return page("forgot_password.html", 422, sent=False, error=translated(N_("Enter an email address.")))
    recovery.request_password_reset(current_app.config, email)
    return page("forgot_password.html", sent=True)


@blp.get("/forgot-login-email")
def forgot_login_email_form():
    return page("forgot_login_email.html", sent=False, error=None, form={}, errors={})


@blp.post("/forgot-login-email")
@accepts_form
def forgot_login_email():
    check_csrf()
    form = {name: request.form.get(name, "").strip()[:254] for name in ("mobile", "recovery_email")}
    form["mobile"] = form["mobile"].replace(" ", "")
    errors = {}
    if not re.match(E164, form["mobile"]):
        errors["mobile"] = translated(N_("Enter the mobile number in international form, e.g. +41791234567."))
    if form["recovery_email"] and not EMAIL.match(form["recovery_email"]):
        errors["recovery_email"] = translated(N_("Enter an email address."))
    if errors:
        return page("forgot_login_email.html", 422, sent=False, error=None, form=form, errors=errors)
    recovery.recover_login_email(current_app.config, form["mobile"], form["recovery_email"] or None)
    return page("forgot_login_email.html", sent=True, form={}, errors={})
