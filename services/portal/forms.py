"""Forms on every page: the CSRF token, the values typed, and the service's problem turned
into sentences in the person's language, next to the field it concerns or at the top."""
import hmac
import secrets

from flask import abort, request, session
from flask_babel import gettext

from services.common.errors import BadRequest, Conflict, Forbidden, NotFound, RuleViolation, Unavailable
from services.common.i18n import N_

from . import rules

# marshmallow's messages, as services answer them per field, in the person's language.
FIELD_MESSAGES = {
    "Missing data for required field.": N_("Fill in this field."),
    "Field may not be null.": N_("Fill in this field."),
    "Not a valid email address.": N_("Enter a valid email address."),
    "Not a valid URL.": N_("Enter a valid web address (https://...)."),
    "Not a valid UUID.": N_("Choose an item from the list."),
    "Not a valid boolean.": N_("Choose yes or no."),
    "Not a valid integer.": N_("Enter a whole number."),
    "Not a valid string.": N_("Enter text."),
    "Unknown field.": N_("This field is not accepted here."),
}
GENERIC = {
    BadRequest: N_("Some of what you entered was not accepted. Check the highlighted fields."),
    Forbidden: N_("You do not have the rights for this action."),
    NotFound: N_("This item does not exist, or you may not see it."),
    Conflict: N_("This changed in the meantime or already exists. Reload the page and try again."),
}
INVALID_FIELD = N_("This value is not accepted.")


def csrf_token():
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf():
    """Every POST of the portal carries the session's token (before_request). A POST to no
    page at all (404, 405) is answered as such, not as an expired form."""
    if request.method == "POST" and request.routing_exception is None:
        expected = session.get("csrf")
        if not expected or not hmac.compare_digest(expected, request.form.get("csrf_token", "")):
            abort(400, description="csrf")


def _field_message(message):
    if message in FIELD_MESSAGES:
        return gettext(FIELD_MESSAGES[message])
    return gettext(INVALID_FIELD)


def _flatten(errors, prefix=""):
    """{'organization': {'name': ['...']}} -> {'organization.name': '...'}"""
    out = {}
    for key, value in (errors or {}).items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        elif isinstance(value, list) and value and isinstance(value[0], str):
            out[name] = _field_message(value[0])
        else:
            out[name] = gettext(INVALID_FIELD)
    return out


class Form:
    """What was typed (to show it again) and what went wrong (per field and at the top)."""

    def __init__(self, values=None, **defaults):
        self.values = {**defaults, **(values or {})}
        self.errors, self.message = {}, None

    def __getitem__(self, name):
        return self.values.get(name, "")

    def get(self, name, default=""):
        return self.values.get(name, default)

    def fail(self, error, fields=None):
        """Take a service's error: rule sentence or generic sentence at the top, field errors
        beside their fields (`fields` maps the API's field names to the form's). A service
        that is down is not the form's business: it goes on to the "try again" page."""
        if isinstance(error, Unavailable):
            raise error
        if isinstance(error, RuleViolation):
            self.message = rules.sentence(error.extensions.get("rule", ""), gettext)
        else:
            self.message = gettext(next((text for cls, text in GENERIC.items() if isinstance(error, cls)),
                                        GENERIC[BadRequest]))
        for name, text in _flatten(error.extensions.get("errors") or {}).items():
            name = name[5:] if name.startswith("json.") else name
            self.errors[(fields or {}).get(name, name)] = text
        return self

    def error(self, name, text):
        self.errors[name] = text
        return self

    @property
    def ok(self):
        return not self.errors and not self.message
