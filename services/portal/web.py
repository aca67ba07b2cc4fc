"""The portal's own routes outside the slices: signing in and out, the language switcher."""
import logging

from flask import Blueprint, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError, Unavailable
from services.common.i18n import language_of
from services.common.web_pages import current_language

from . import context, signin
from .apis import identity
from .navigation import safe_next

log = logging.getLogger(__name__)
bp = Blueprint("signin", __name__)
PUBLIC = {"signin.sign_in", "signin.callback", "signin.signed_out", "signin.switch_language"}


@bp.get("/auth/login")
def sign_in():
    return redirect(signin.authorization_url(safe_next(request.args.get("next")), current_language()), code=303)


@bp.get("/auth/callback")
def callback():
    """ID12: only the answer to the sign-in this browser started (its state) is exchanged for
    tokens; anything else (cancelled, refused, forged, replayed) says so and offers to start again."""
    try:
        if request.args.get("error"):
            raise signin.SignInAgain()
        next_path = signin.finish(request.args.get("state"), request.args.get("code"))
    except signin.SignInAgain:
        # Not errors.sign_in_again: its way back would be this very callback, refused again.
        return render_template("portal/message.html", title=_("Sign-in did not complete"),
                               message=_("Identity did not confirm your sign-in. Please try again."),
                               link=(url_for("signin.sign_in"), _("Sign in"))), 400
    context.remember_me()
    return redirect(next_path, code=303)


@bp.post("/auth/logout")
def sign_out():
    return redirect(signin.sign_out(), code=303)


@bp.get("/signed-out")
def signed_out():
    return render_template("portal/message.html", title=_("You are signed out"),
                           message=_("You signed out of the partner portal and of your account."),
                           link=(url_for("signin.sign_in"), _("Sign in again")))


@bp.post("/language")
def switch_language():
    """The switcher on every page: remembered in the session and, when signed in, on the account."""
    language = language_of(request.form.get("language"))
    response = make_response(redirect(safe_next(request.form.get("return_to")), code=303))
    if language:
        session["language"] = language
        if signin.signed_in():
            _save_on_account(language)
    return response


def _save_on_account(language):
    """Also the account's language (mails, next sign-in); the page changes language even when
    identity cannot save it now: the choice holds for this session."""
    try:
        identity.update_me(language=language)
    except (DomainError, Unavailable) as error:
        log.warning("language not saved on the account", extra={"error": repr(error)})
        return
    session.get("me", {})["language"] = language
    session.modified = True


def preferred_language():
    return session.get("language")


def init(app):
    app.register_blueprint(bp)
    app.config.setdefault("PUBLIC_ENDPOINTS", set()).update(PUBLIC)
