"""The language of identity's pages, and identity's `/`.

Order: `ui_locales` (OpenID Connect, sent by the portal to /oauth/authorize) or `lang` in the
query, remembered in the `pp_lang` cookie; that cookie (also set by the language switcher);
the logged-in account's language; the browser's Accept-Language; English.
"""
from flask import Blueprint, current_app, redirect, request

from services.common.i18n import LANGUAGES, language_of
from services.common.web import accepts_form

from .csrf import check_csrf
from .sessions import current_login, safe_next

blp = Blueprint("language", __name__)

COOKIE = "pp_lang"
YEAR = 365 * 24 * 3600


def asked_language():
    """The language the query names (`ui_locales`: space-separated, best first; or `lang`)."""
    tags = (request.args.get("ui_locales") or "").split()[:10] + [request.args.get("lang")]
    return next((language_of(tag) for tag in tags if language_of(tag)), None)


def preferred():
    """The person's chosen language, or None to follow the browser (web_pages.init_site)."""
    chosen = asked_language() or language_of(request.cookies.get(COOKIE))
    if chosen:
        return chosen
    login = current_login()
    return login.account.language if login else None


def remember(response, language):
    response.set_cookie(COOKIE, language, max_age=YEAR, httponly=True, samesite="Lax",
                        secure=current_app.config["COOKIE_SECURE"], path="/")
    return response


@blp.after_app_request
def remember_asked_language(response):
    if request.method != "GET" or request.path.startswith(("/v1/", "/.well-known/")):
        return response
    asked = asked_language()
    if asked and asked != request.cookies.get(COOKIE):
        remember(response, asked)
    return response


@blp.post("/language")
@accepts_form
def switch_language():
    """The switcher of every page: remember the language, back to the page (`next`)."""
    check_csrf()
    language = request.form.get("language", "")
    response = redirect(safe_next(request.form.get("return_to")), code=303)
    return remember(response, language) if language in LANGUAGES else response


@blp.get("/")
def home():
    """Identity has no home of its own: the portal is the site."""
    return redirect(current_app.config["SERVICE_URLS"]["portal"], code=303)
