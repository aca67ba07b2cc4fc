"""Calling one service as the signed-in person: the shared PersonClient with the person's
token, refreshed once when the service refuses it (signin.py)."""
from flask import current_app

from services.common.client import PersonClient
from services.common.errors import Unauthorized

from .. import signin


def _client(service):
    clients = current_app.extensions.setdefault("person_clients", {})
    if service not in clients:  # one pooled client per service and process
        clients[service] = PersonClient(current_app.config, service)
    return clients[service]


def call(service, method, path, anonymous=False, **kwargs):
    """The service's JSON answer (or a requests.Response with raw=True). Raises the shared
    errors (BadRequest, Forbidden, NotFound, Conflict, RuleViolation, Unavailable) and
    signin.SignInAgain when the person must sign in again. `anonymous`: a public endpoint, called
    without a token (the public directory, a visitor's call for tenders)."""
    client = _client(service)
    if anonymous:  # a public endpoint (no login): nobody's token, not even a signed-in person's
        return client.request(None, method, path, **kwargs)
    try:
        return client.request(signin.access_token(), method, path, **kwargs)
    except Unauthorized:
        return client.request(signin.refreshed(), method, path, **kwargs)


def get(service, path, **params):
    return call(service, "GET", path, params=params or None)


def post(service, path, body=None):
    return call(service, "POST", path, json=body if body is not None else {})


def patch(service, path, body):
    return call(service, "PATCH", path, json=body)


def put(service, path, body=None, **kwargs):
    return call(service, "PUT", path, json=body, **kwargs) if body is not None else call(service, "PUT", path, **kwargs)


def delete(service, path):
    return call(service, "DELETE", path)
