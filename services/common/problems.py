"""Errors as RFC 9457 problem details (application/problem+json), for every response.

Use cases raise the hierarchy of `errors.py`; its one table `ERROR_STATUS` maps each
class to an HTTP status, and `problem()` renders it. Werkzeug's HTTP errors (404, 405, 413,
malformed JSON...) and marshmallow validation errors take the same shape.
"""
import json
import logging

import peewee
from flask import Response, request
from flask_smorest import Api
from marshmallow import fields
from werkzeug.exceptions import HTTPException

from .errors import ERROR_STATUS, DomainError
from .openapi import PROBLEM_JSON, ProblemsPlugin, register_problem_responses

log = logging.getLogger(__name__)


def problem(status, title, detail=None, slug=None, headers=None, **extensions):
    body = {
        "type": f"/problems/{slug}" if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail or title,
        "instance": request.path if request else None,
    }
    body.update({k: v for k, v in extensions.items() if v is not None})
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON, headers=headers)


def domain_error_response(error):
    status = next(code for cls, code in ERROR_STATUS.items() if isinstance(error, cls))
    headers = {"WWW-Authenticate": 'Bearer realm="partner-portal"'} if status == 401 else None
    return problem(status, error.title, error.detail, error.slug, headers, **error.extensions)


def _flatten(messages, prefix=""):
    """{'organization': {'kind': ['Must be one of...']}} -> ['organization.kind: Must be ...']."""
    if isinstance(messages, dict):
        out = []
        for key, value in messages.items():
            out += _flatten(value, f"{prefix}{key}." if key != "_schema" else prefix)
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [f"{prefix.rstrip('.') or 'body'}: {m}" for m in messages]
    return [f"{prefix.rstrip('.')}: {messages}"]


def http_error_response(error):
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") or data.get("errors")
    if messages and error.code == 422:
        # webargs nests errors under the location ("json"); clients want the fields.
        fields = messages.get("json", messages) if isinstance(messages, dict) else messages
        detail = "The request body is invalid: " + "; ".join(_flatten(fields))
        return problem(422, "Validation failed", detail, "validation-error", errors=fields)
    if error.code == 400 and messages:
        return problem(400, "Malformed request", "The request body is not valid JSON.", "malformed-json")
    if error.code >= 500:
        log.error("server error", exc_info=error)
    headers = {"Allow": ", ".join(error.valid_methods)} if getattr(error, "valid_methods", None) else None
    return problem(error.code, error.name, error.description, None, headers)


class ProblemApi(Api):
    """flask-smorest's Api, answering every error as a problem document, and documenting them so
    (openapi.py) instead of flask-smorest's generic error schema."""

    DEFAULT_ERROR_RESPONSE_NAME = None

    def __init__(self, app=None, database=True, **kwargs):
        super().__init__(app, spec_kwargs={"extra_plugins": [ProblemsPlugin(database)]}, **kwargs)
        self.register_field(fields.Url, "string", "uri")  # apispec says "url", which no validator knows

    def _register_responses(self):
        register_problem_responses(self.spec)

    def handle_http_exception(self, error):
        return http_error_response(error)


def register_error_handlers(app):
    app.register_error_handler(DomainError, domain_error_response)

    @app.errorhandler(Exception)
    def unexpected(error):
        if isinstance(error, HTTPException):
            return http_error_response(error)
        if isinstance(error, (peewee.OperationalError, peewee.InterfaceError)):
            log.warning("database unreachable: %s", error)
            return problem(503, "Service unavailable", "The database is unreachable; try again shortly.",
                           "unavailable", {"Retry-After": "5"})
        log.exception("unexpected error")
        return problem(500, "Internal server error", "An unexpected error occurred; it has been logged.")
