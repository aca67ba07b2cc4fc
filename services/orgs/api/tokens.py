"""The one place where a path serving both people and services tells their tokens apart."""
from flask import g

from services.common.auth import auth_requirement, current_token, is_service_token, require_user, service_check, user_check

PERSON_SCOPE = "orgs"


def person_or_service(service_scope):
    """A service token (client credentials: sub == client_id) needs `service_scope` and sets
    g.account_id to None; a person's token needs `orgs` and sets g.account_id to its subject."""
    as_service, as_person = service_check(service_scope), user_check(PERSON_SCOPE)

    def check():
        if is_service_token(current_token()):
            g.account_id = None
            return as_service()
        return as_person()

    return auth_requirement(check)


def person():
    return require_user(PERSON_SCOPE)
