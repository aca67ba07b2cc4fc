"""The Flask app every service starts from: API docs, problems, health, metrics, logs."""
import functools
import json
import logging
import time

import flask
import flask_smorest
import pika
from flask import Flask, Response, g, jsonify, request
from marshmallow import ValidationError
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from webargs import core as webargs_core
from webargs.flaskparser import abort as webargs_abort

from . import db as dbmod
from . import topology
from .auth import init_auth
from .logs import correlation_id, new_correlation_id, setup_logging
from .metrics import HTTP_LATENCY, HTTP_REQUESTS
from .problems import ProblemApi, problem, register_error_handlers

log = logging.getLogger(__name__)

BODY_METHODS = {"POST", "PUT", "PATCH"}
HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
JSON_TYPES = ("application/json", "application/merge-patch+json")


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint, validating request arguments with one schema instance, and
    JSON bodies without webargs' machinery.

    Given a Schema class, webargs builds a new instance on every request (deep-copying its
    fields), a measurable share of a fast endpoint; the instance is safe to share. For JSON
    bodies (the default location) the view gets `schema.load(body)` straight from
    `load_json_body`, with webargs' answers: no or empty body loads `{}`, malformed JSON is
    a 400, a validation error a 422 with the messages under "json". flask-smorest still
    documents the body; other locations (query, form...) go through webargs as before."""

    def arguments(self, schema, *args, **kwargs):
        schema = schema() if isinstance(schema, type) else schema
        documented = super().arguments(schema, *args, **kwargs)
        if kwargs.get("location", "json") != "json" or set(kwargs) - {"location", "description", "example"}:
            return documented

        def decorator(view):
            @functools.wraps(view)
            def wrapper(*f_args, **f_kwargs):
                return view(*f_args, load_json_body(schema), **f_kwargs)

            wrapper._apidoc = documented(view)._apidoc  # what flask-smorest would document
            return wrapper

        return decorator


def load_json_body(schema):
    """The request's JSON body loaded by `schema` (webargs' semantics, see Blueprint)."""
    data = {}
    if webargs_core.is_json(request.mimetype):
        raw = request.get_data(cache=True)
        if raw:
            try:
                data = json.loads(raw)
            except ValueError:  # JSONDecodeError, and UnicodeDecodeError for bytes that are not UTF-8
                webargs_abort(400, messages={"json": ["Invalid JSON body."]})
    try:
        return schema.load(data)
    except ValidationError as error:
        webargs_abort(422, exc=error, messages={"json": error.messages}, schema=schema)


def accepts_form(view):
    """Mark a view that takes form-encoded bodies (HTML forms, RFC 6749 token requests)."""
    view.accepts_form = True
    return view


def build_app(config, database, title, blueprints, description="", jwks_source=None, revocations=None):
    """A Flask app for `config['SERVICE_NAME']` with the given flask-smorest blueprints.

    Its tokens are checked against identity's JWKS (or `jwks_source()`, in identity itself),
    and against the revoked sessions and tokens `revocations()` returns as (sids, jtis)
    (services/common/revocations.py).
    """
    service = config["SERVICE_NAME"]
    setup_logging(service, config["LOG_LEVEL"])
    app = Flask(f"services.{service}")
    app.config.update(config)
    app.config.update(
        API_TITLE=title,
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": description},
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        },
    )
    app.url_map.strict_slashes = False
    api = ProblemApi(app)
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    app.register_blueprint(ops_blueprint(database))
    register_error_handlers(app)
    _register_hooks(app, database, service)
    init_auth(app, audience=service, fetch=jwks_source, revocations=revocations)
    app.extensions["database"] = database
    app.extensions["api"] = api
    return app


def _register_hooks(app, database, service):
    @app.before_request
    def start():
        g.started = time.perf_counter()
        correlation_id.set(request.headers.get("X-Correlation-ID") or new_correlation_id())
        # A method the path does not have is a 405 whatever its body (routing_exception is set).
        if (request.method in BODY_METHODS and _has_body() and request.mimetype not in JSON_TYPES
                and request.routing_exception is None
                and not getattr(app.view_functions.get(request.endpoint), "accepts_form", False)):
            return problem(415, "Unsupported media type",
                           f"Send the body as application/json, not {request.mimetype or 'no type'}.")
        if request.endpoint not in ("ops.healthz", "ops.metrics"):
            database.connect(reuse_if_open=True)

    children = {}  # (method, endpoint, status) -> its counter and histogram: labels() is not free

    @app.after_request
    def finish(response):
        response.headers["X-Correlation-ID"] = correlation_id.get() or ""
        method = request.method if request.method in HTTP_METHODS else "OTHER"  # bounded label values
        key = (method, request.endpoint or "unmatched", response.status_code)
        metrics = children.get(key)
        if metrics is None:
            metrics = children[key] = (HTTP_REQUESTS.labels(service, key[0], key[1], key[2]),
                                       HTTP_LATENCY.labels(service, key[1]))
        metrics[0].inc()
        metrics[1].observe(time.perf_counter() - g.get("started", time.perf_counter()))
        return response

    @app.teardown_request
    def close(_exc):
        if not database.is_closed():
            database.close()


def _has_body():
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "")


def ops_blueprint(database):
    ops = flask.Blueprint("ops", __name__)

    @ops.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @ops.get("/readyz")
    def readyz():
        from flask import current_app

        checks = {"database": _check(lambda: dbmod.ping(database)),
                  "broker": _check(lambda: _ping_broker(current_app.config))}
        ready = all(v == "ok" for v in checks.values())
        if not ready:
            return problem(503, "Not ready", "A dependency is unreachable.", "not-ready", checks=checks)
        return jsonify(status="ready", checks=checks)

    @ops.get("/metrics")
    def metrics():
        return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)

    return ops


def _check(probe):
    try:
        probe()
        return "ok"
    except Exception as exc:  # noqa: BLE001 - report whatever is wrong
        return f"unreachable: {exc.__class__.__name__}"


def _ping_broker(config):
    connection = pika.BlockingConnection(topology.connection_parameters(config, socket_timeout=2, name="readyz"))
    connection.close()
