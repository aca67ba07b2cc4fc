"""The one place where a path serving both people and services tells their tokens apart."""
import functools

from flask import g

from services.common.auth import current_token, is_service_token, require_scope, require_user

PERSON_SCOPE = "orgs"


def person_or_service(service_scope):
    """A service token (client credentials: sub == client_id) needs `service_scope` and sets
    g.account_id to None; a person's token needs `orgs` and sets g.account_id to its subject."""

    def decorator(view):
        as_service, as_person = require_scope(service_scope)(view), require_user(PERSON_SCOPE)(view)

        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            claims = current_token()
            if is_service_token(claims):
                g.account_id = None
                return as_service(*args, **kwargs)
            return as_person(*args, **kwargs)

        return wrapper

    return decorator


def person():
    return require_user(PERSON_SCOPE)
