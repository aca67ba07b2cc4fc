"""identity's refusals on the account's forms, in the person's language, next to the field
they concern: a wrong password (403), the password rules (ID1), an E.164 mobile (ID5)."""
from flask_babel import gettext as _

from services.common.errors import BadRequest, Conflict, Forbidden, RuleViolation, Unavailable
from services.common.i18n import N_

from ...forms import GENERIC

# identity's sentences (domain.password_problems, its schemas' messages) -> ours.
SENTENCES = {
    "It must be at least 10 characters long.": N_("It must be at least 10 characters long."),
    "Shorter than minimum length 10.": N_("It must be at least 10 characters long."),
    "It must not be only digits.": N_("It must not be only digits."),
    "It must not contain the part of your email address before the @.":
        N_("It must not contain the part of your email address before the @."),
    "It is one of the most common passwords.": N_("It is one of the most common passwords."),
    "Not an E.164 number (+41791234567).": N_("Enter the number with + and the country code, e.g. +41791234567."),
    "Must not be blank.": N_("Fill in this field."),
    "Shorter than minimum length 1.": N_("Fill in this field."),
    "Six digits.": N_("Enter the 6 digits your app shows."),
}
WRONG_PASSWORD = N_("The password is not right.")
TAKEN = N_("Another account already uses this address.")


def _raw_messages(errors):
    """{'json': {'new_password': ['...']}} -> {'new_password': '...'} (first message per field)."""
    fields = errors.get("json", errors) if isinstance(errors, dict) else {}
    return {name: messages[0] for name, messages in fields.items()
            if isinstance(messages, list) and messages and isinstance(messages[0], str)}


def fail(form, error, fields=None, password="password", new_password=None, email=None):
    """form.fail(error, fields), then our sentences: `password` is the form's field for the
    password re-entered, `new_password` the field a new one goes in, `email` the address's."""
    if isinstance(error, Unavailable):
        raise error  # not the person's input: the "try again" page (errors.py)
    fields = fields or {}
    form.fail(error, fields)
    for name, message in _raw_messages(error.extensions.get("errors")).items():
        if message in SENTENCES:
            form.errors[fields.get(name, name)] = _(SENTENCES[message])
    if isinstance(error, Forbidden):
        form.message = _(GENERIC[BadRequest])
        form.errors[password] = _(WRONG_PASSWORD)
    elif isinstance(error, RuleViolation) and error.extensions.get("rule") == "ID1" and new_password:
        reasons = error.extensions.get("reasons") or []
        form.errors[new_password] = " ".join(_(SENTENCES[r]) if r in SENTENCES else r for r in reasons)
    elif isinstance(error, Conflict) and email:
        form.message = _(GENERIC[BadRequest])
        form.errors[email] = _(TAKEN)
    return form
