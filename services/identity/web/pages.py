"""Login and logout pages. Routes only parse the form and call the service."""
from flask import Blueprint, make_response, redirect, render_template, request

from services.common.errors import DomainError
from services.common.web import accepts_form

from .. import service
from ..sessions import current_login, end_session, safe_next, start_session
from .csrf import check_csrf, csrf_token

blp = Blueprint("pages", __name__, template_folder="templates")


@blp.get("/login")
def login_form():
    return render_template("login.html", next=safe_next(request.args.get("next")), csrf_token=csrf_token(),
                           error=None, email="")


@blp.post("/login")
@accepts_form
def login():
    check_csrf()
    next_url = safe_next(request.form.get("next"))
    email = request.form.get("email", "")[:254]
    try:
        account = service.authenticate(email, request.form.get("password", "")[:256])
    except DomainError as error:
        page = render_template("login.html", next=next_url, csrf_token=csrf_token(), error=error.detail, email=email)
        return make_response(page, 401)
    response = redirect(next_url, code=303)
    start_session(account, response)
    return response


@blp.post("/logout")
@accepts_form
def logout():
    check_csrf()
    response = redirect("/login", code=303)
    login = current_login()
    if login:
        end_session(login, response)
    return response
