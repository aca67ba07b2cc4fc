"""The sign-up page: with an invitation (`/signup?invitation=...`, joins the inviting
organization) or without one (creates the person's organization), ID3."""
import re

from flask import current_app, request

from services.common.errors import DomainError
from services.common.i18n import N_
from services.common.referrals import PATTERN
from services.common.web import accepts_form
from services.common.web_pages import current_language

from .. import signup
from ..domain import ORGANIZATION_KINDS
from ..invitations import open_invitation
from ..schemas import E164
from .csrf import check_csrf
from .pages import blp
from .recovery_pages import EMAIL
from .render import page, translated

FIELDS = ("email", "first_name", "last_name", "mobile", "kind", "company_name", "currency")
CURRENCIES = ("CHF", "EUR")  # ID3 / OR1


def _page(token, invitation, error=None, form=None, errors=None, status=200):
    return page("signup.html", status, token=token, invitation=invitation, error=error, form=form or {},
                errors=errors or {}, referral_code=_referral_code())


def _invitation(token):
    return open_invitation(current_app.extensions["orgs_client"], token)


def form_errors(form, invited):
    """What is missing or malformed in the sign-up form, by field (messages marked for translation)."""
    errors = {}
    for name in ("first_name", "last_name"):
        if not form[name].strip():
            errors[name] = N_("Enter your first and last name.")
    if not invited:
        if not EMAIL.match(form["email"].strip()):
            errors["email"] = N_("Enter an email address.")
        if form["mobile"] and not re.match(E164, form["mobile"]):
            errors["mobile"] = N_("Enter the mobile number in international form, e.g. +41791234567.")
        if form["kind"] not in ORGANIZATION_KINDS or form["currency"] not in CURRENCIES:
            errors["kind"] = N_("Choose the kind of organization and its currency.")
        elif form["kind"] == "company" and not form["company_name"].strip():
            errors["company_name"] = N_("A company sign-up needs the company's name.")
    return errors


@blp.get("/signup")
def signup_form():
    token = request.args.get("invitation", "")[:100]
    if not token:
        return _page("", None, form={"kind": "individual", "currency": "CHF"})
    try:
        invitation = _invitation(token)
    except DomainError as error:
        return _page(token, None, translated(error), status=404 if error.slug != "unavailable" else 503)
    return _page(token, invitation)


@blp.post("/signup")
@accepts_form
def signup_submit():
    check_csrf()
    token = request.form.get("invitation", "")[:100]
    form = {name: request.form.get(name, "")[:254].strip() for name in FIELDS}
    form["mobile"] = form["mobile"].replace(" ", "")
    invitation = None
    try:
        invitation = _invitation(token) if token else None
        errors = form_errors(form, bool(invitation))
        if errors:
            return _page(token, invitation, None, form, {k: translated(v) for k, v in errors.items()}, 422)
        organization = None if invitation else {"kind": form["kind"], "currency": form["currency"],
                                                "name": form["company_name"] or None}
        signup.register_account(current_app.config, email=form["email"], first_name=form["first_name"],
                                last_name=form["last_name"], password=request.form.get("password", "")[:256],
                                mobile=None if invitation else form["mobile"] or None, organization=organization,
                                invitation_token=token or None, orgs_client=current_app.extensions["orgs_client"],
                                language=current_language(), referral_code=_referral_code())
    except DomainError as error:
        status = 404 if token and not invitation else 503 if error.slug == "unavailable" else 422
        return _page(token, invitation, translated(error), form, status=status)
    return page("signup_done.html", 201, organization=invitation and invitation["organization_name"],
                email=form["email"])


def _referral_code():
    """PA15: the portal's referral code (`/signup?referral_code=...`, then a hidden field); a
    malformed one is dropped."""
    code = (request.form.get("referral_code") or request.args.get("referral_code") or "")[:20].strip().upper()
    return code if PATTERN.match(code) else None
