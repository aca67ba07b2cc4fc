"""The pages mailed links open: email verification (ID2) and password reset (ID4)."""
from flask import Blueprint, current_app, make_response, render_template, request

from services.common.errors import DomainError
from services.common.web import accepts_form

from .. import recovery, signup
from .csrf import check_csrf, csrf_token

blp = Blueprint("links", __name__, template_folder="templates")


@blp.get("/verify-email")
def verify_email():
    confirmed = signup.verify_email(request.args.get("token", "")[:100], current_app.config)
    # An unknown, used or expired link names nothing that still exists: 404.
    return make_response(render_template("verified.html", email=confirmed), 200 if confirmed else 404)


@blp.get("/reset-password")
def reset_form():
    return render_template("reset.html", token=request.args.get("token", "")[:100], csrf_token=csrf_token(),
                           error=None, done=False)


@blp.post("/reset-password")
@accepts_form
def reset():
    check_csrf()
    token = request.form.get("token", "")[:100]
    try:
        recovery.reset_password(token, request.form.get("password", "")[:256])
    except DomainError as error:
        page = render_template("reset.html", token=token, csrf_token=csrf_token(), error=error.detail, done=False)
        return make_response(page, 422)
    return render_template("reset.html", token="", csrf_token="", error=None, done=True)
