"""The sign-up page an invitation mail links to (`/signup?invitation=...`, ID3)."""
from flask import current_app, make_response, render_template, request

from services.common.errors import DomainError
from services.common.web import accepts_form

from .. import signup
from ..invitations import open_invitation
from .csrf import check_csrf, csrf_token
from .pages import blp


def _page(token, invitation, error=None, form=None, status=200):
    page = render_template("signup.html", token=token, invitation=invitation, error=error, form=form or {},
                           csrf_token=csrf_token())
    return make_response(page, status)


@blp.get("/signup")
def signup_form():
    token = request.args.get("invitation", "")[:100]
    try:
        invitation = open_invitation(current_app.extensions["orgs_client"], token)
    except DomainError as error:
        return _page(token, None, error.detail, status=404 if getattr(error, "slug", "") != "unavailable" else 503)
    return _page(token, invitation)


@blp.post("/signup")
@accepts_form
def signup_submit():
    check_csrf()
    token = request.form.get("invitation", "")[:100]
    form = {k: request.form.get(k, "")[:254] for k in ("email", "first_name", "last_name")}
    invitation = None
    try:
        invitation = open_invitation(current_app.extensions["orgs_client"], token)
        if not form["first_name"].strip() or not form["last_name"].strip():
            return _page(token, invitation, "Enter your first and last name.", form, 422)
        signup.register_account(current_app.config, password=request.form.get("password", "")[:256],
                                invitation_token=token, orgs_client=current_app.extensions["orgs_client"], **form)
    except DomainError as error:
        return _page(token, invitation, error.detail, form, 422 if invitation else 404)
    return make_response(render_template("signup_done.html", organization=invitation["organization_name"]), 201)
