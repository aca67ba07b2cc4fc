"""What the links' endpoints share: a person's token with scope `partner`, and the clients
create_app built (orgs' access check and orgs itself; identity for PA10's password check)."""
from flask import current_app, g

from services.common.auth import require_user

PERSON = [{"bearer": ["partner"]}]


def person():
    return require_user("partner")


def me():
    return g.account_id


def access():
    return current_app.extensions["access_client"]


def orgs():
    return current_app.extensions["orgs_client"]


def identity():
    return current_app.extensions["identity_client"]
