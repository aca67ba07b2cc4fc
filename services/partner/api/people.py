"""Partner's callers: people (a user token with scope `partner`; orgs' access check decides what
they may, guard.py) and the provider's staff (a user token with scope `staff`, which identity
puts only in staff accounts' tokens)."""
from flask import current_app, g

from services.common.auth import require_user

PERSON_SCOPE = "partner"
PERSON = [{"bearer": [PERSON_SCOPE]}]
STAFF_SCOPE = "staff"
STAFF = [{"bearer": [STAFF_SCOPE]}]


def person():
    return require_user(PERSON_SCOPE)


def staff():
    return require_user(STAFF_SCOPE)


def account_id():
    return g.account_id


def extension(name):
    """What create_app built for the use cases: access_client, orgs_client, website_check."""
    return current_app.extensions[name]


def setting(name):
    return current_app.config[name]
