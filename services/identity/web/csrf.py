"""CSRF protection for identity's forms: a per-browser token in Flask's signed session
cookie, repeated in a hidden field; a POST without the matching token is refused with 403 (the
request is understood, it just did not come from our form: retrying it unchanged cannot work),
answered with a page saying so in the person's language."""
import hmac
import secrets

from flask import request, session
from werkzeug.exceptions import Forbidden


class CsrfRefused(Forbidden):
    description = "The form expired or did not come from this site; reload and try again."


def csrf_token():
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf():
    expected = session.get("csrf")
    given = request.form.get("csrf_token", "")
    if not expected or not hmac.compare_digest(expected, given):
        raise CsrfRefused()
