"""identity's API as the signed-in person (accounts, sessions, 2FA, consents)."""
from . import base

SERVICE = "identity"


def me():
    return base.get(SERVICE, "/v1/me")


def update_me(**fields):
    return base.patch(SERVICE, "/v1/me", fields)


def login_activity(page=1, per_page=20):
    """ID9: the account's recent sign-ins, newest first ({items, page, per_page, total})."""
    return base.get(SERVICE, "/v1/me/login-activity", page=page, per_page=per_page)
