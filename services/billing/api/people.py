"""Billing's person endpoints: a user token with scope `billing`, and the caller whose rights
orgs' access check decides (guard.py)."""
from flask import current_app, g

from services.common.auth import require_user

from ..guard import Caller

PERSON_SCOPE = "billing"
PERSON = [{"bearer": [PERSON_SCOPE]}]


def person():
    return require_user(PERSON_SCOPE)


def caller():
    return Caller(g.account_id, current_app.extensions["access_client"])


def extension(name):
    """What create_app built for the use cases: catalogue, fraud_check, orgs_client..."""
    return current_app.extensions[name]


def setting(name):
    """A configuration value of the app, e.g. VAT_RATES."""
    return current_app.config[name]
