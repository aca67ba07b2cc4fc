"""The pages mailed links open: email verification (ID2) and password reset (ID4)."""
from flask import Blueprint, current_app, request

from services.common.errors import DomainError
from services.common.web import accepts_form

from .. import recovery, signup
from .csrf import check_csrf
from .render import page, translated

blp = Blueprint("links", __name__, template_folder="templates")


@blp.get("/verify-email")
def verify_email():
    confirmed = signup.verify_email(request.args.get("token", "")[:100], current_app.config)
    # An unknown, used or expired link names nothing that still exists: 404, with a form for a new one.
    return page("verified.html", 200 if confirmed else 404, email=confirmed, sent=False)


@blp.post("/verify-email")
@accepts_form
def resend_verification():
    """ID2: a new link for an unverified account; the same answer whether or not it exists."""
    check_csrf()
    signup.resend_verification(current_app.config, request.form.get("email", "")[:254])
    return page("verified.html", email=None, sent=True)


@blp.get("/reset-password")
def reset_form():
    return page("reset.html", token=request.args.get("token", "")[:100], error=None, done=False)


@blp.post("/reset-password")
@accepts_form
def reset():
    check_csrf()
    token = request.form.get("token", "")[:100]
    try:
        recovery.reset_password(token, request.form.get("password", "")[:256])
    except DomainError as error:
        return page("reset.html", 422, token=token, error=translated(error), done=False)
    return page("reset.html", token="", error=None, done=True)
