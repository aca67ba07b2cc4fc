"""Login, second factor, logout and email-link pages. Routes only parse the form and call the service."""
import secrets

from flask import Blueprint, current_app, redirect, request, session

from services.common import clock
from services.common.errors import DomainError
from services.common.i18n import N_
from services.common.web import accepts_form

from .. import cases, domain, login as logins, twofactor
from .sessions import current_login, end_session, safe_next, start_session
from .csrf import check_csrf
from .render import page, translated

blp = Blueprint("pages", __name__, template_folder="templates")

DEVICE_COOKIE = "pp_device"  # a long-lived random id telling this browser apart (ID8)
PENDING = "pending_login"  # password passed, second factor awaited (ID6)


def _client():
    device = request.cookies.get(DEVICE_COOKIE, "")[:64] or secrets.token_urlsafe(24)
    return {"ip": request.remote_addr or "", "user_agent": (request.user_agent.string or "")[:300], "device": device}


def _finish(account, next_url, client, two_factor_passed=False):
    response = redirect(next_url, code=303)
    start_session(account, response, two_factor_passed=two_factor_passed)
    response.set_cookie(DEVICE_COOKIE, client["device"], max_age=2 * 365 * 24 * 3600, httponly=True,
                        samesite="Lax", secure=current_app.config["COOKIE_SECURE"], path="/")
    logins.note_device(current_app.config, account, client["device"], client["ip"], client["user_agent"])
    return response


@blp.get("/login")
def login_form():
    return page("login.html", next=safe_next(request.args.get("next")), error=None, email="")


@blp.post("/login")
@accepts_form
def login():
    check_csrf()
    next_url = safe_next(request.form.get("next"))
    email = request.form.get("email", "")[:254]
    client = _client()
    try:
        account = logins.password_step(current_app.config, email, request.form.get("password", "")[:256], **client)
    except DomainError as error:
        return page("login.html", 401, next=next_url, error=translated(error), email=email)
    if twofactor.is_enabled(account.id):
        until = clock.timestamp() + domain.PENDING_LOGIN_TTL.total_seconds()
        session[PENDING] = {"account": str(account.id), "until": until, "next": next_url}
        return redirect("/login/2fa", code=303)
    return _finish(account, next_url, client)


def _pending_account():
    pending = session.get(PENDING)
    if not pending or pending.get("until", 0) < clock.timestamp():
        session.pop(PENDING, None)
        return None, None
    return logins.live_account(pending["account"]), pending["next"]


@blp.get("/login/2fa")
def second_factor_form():
    account, _next = _pending_account()
    if account is None:
        return redirect("/login", code=303)
    return page("second_factor.html", error=None)


@blp.post("/login/2fa")
@accepts_form
def second_factor():
    check_csrf()
    account, next_url = _pending_account()
    if account is None:
        return redirect("/login", code=303)
    client = _client()
    if not twofactor.second_factor_step(current_app.config, account, request.form.get("code", "")[:20], **client):
        return page("second_factor.html", 401, error=translated(N_("The code is wrong or was already used.")))
    session.pop(PENDING, None)
    return _finish(account, next_url, client, two_factor_passed=True)


@blp.get("/login/2fa/lost")
def second_factor_lost_form():
    """ID7: no authenticator and no backup code left: ask for an identity check by staff."""
    account, _next = _pending_account()
    if account is None:
        return redirect("/login", code=303)
    return page("second_factor_lost.html", error=None)


@blp.post("/login/2fa/lost")
@accepts_form
def second_factor_lost():
    check_csrf()
    account, _next = _pending_account()
    if account is None:
        return redirect("/login", code=303)
    note = request.form.get("note", "").strip()
    if len(note) > 1000:
        return page("second_factor_lost.html", 422, error=translated(N_("Keep the message under 1000 characters.")))
    client = _client()
    case = cases.open_two_factor_case(current_app.config, account, note, client["ip"], client["user_agent"])
    session.pop(PENDING, None)  # nothing more to do in this login
    return page("case_opened.html", reference=str(case.id), two_factor=True)


@blp.post("/logout")
@accepts_form
def logout():
    check_csrf()
    response = redirect("/signed-out", code=303)
    login = current_login()
    if login:
        end_session(login, response)
    return response


@blp.get("/signed-out")
def signed_out():
    return page("signed_out.html", confirm=False)
