"""The Flask app every service starts from: API docs, problems, auth first, health, metrics, logs."""
import copy
import functools
import ipaddress
import json
import logging
import re
import time
from urllib.parse import urlsplit

import flask_smorest
import pika
from flask import Flask, current_app, g, request
from marshmallow import ValidationError
from webargs import core as webargs_core
from werkzeug.exceptions import BadRequest
from webargs.flaskparser import abort as webargs_abort

from . import db as dbmod
from . import idempotency, topology
from .auth import init_auth, run_auth_check
from .logs import correlation_id, new_correlation_id, setup_logging
from .metrics import HTTP_LATENCY, HTTP_REQUESTS
from .openapi import openapi_config
from .ops import WITHOUT_DATABASE, ops_blueprint
from .problems import ProblemApi, problem, register_error_handlers
from .schema import has_control_characters

log = logging.getLogger(__name__)

BODY_METHODS = {"POST", "PUT", "PATCH"}
# The longest query or form value any endpoint takes. Schemas bound their own fields more
# tightly; this bounds the hand-written ones (OAuth2 endpoints, HTML forms) in one place.
FIELD_MAX_LENGTH = 4096
HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
JSON_TYPES = ("application/json", "application/merge-patch+json")


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint, validating request arguments with one schema instance, and
    JSON bodies without webargs' machinery.

    Given a Schema class, webargs builds a new instance on every request (deep-copying its
    fields), a measurable share of a fast endpoint; the instance is safe to share. For JSON
    bodies (the default location) the view gets `schema.load(body)` straight from
    `load_json_body`, with webargs' answers: no or empty body loads `{}`, malformed JSON is
    a 400, a validation error a 422 with the messages under "json"; a PATCH must name a field. flask-smorest still
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


def client_address():
    """The visitor's address: the last X-Forwarded-For entry when the direct caller is a trusted
    proxy (config TRUSTED_PROXIES: the portal, a reverse proxy), else the caller's own address.
    Per-address limits (PA13's rate limits) count visitors, not the portal that speaks for them."""
    direct = request.remote_addr or ""
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    if not forwarded or not _trusted(direct, current_app.config.get("TRUSTED_PROXIES", "")):
        return direct
    try:
        return str(ipaddress.ip_address(forwarded[-1]))
    except ValueError:
        return direct


def _trusted(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for network in str(networks).split(","):
        try:
            if network.strip() and ip in ipaddress.ip_network(network.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


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
    if request.method == "PATCH" and data == {}:
        # A PATCH that names nothing to change is a client's mistake, not a silent success.
        webargs_abort(422, messages={"json": {"body": ["Give at least one field to change."]}}, schema=schema)
    try:
        return schema.load(data)
    except ValidationError as error:
        webargs_abort(422, exc=error, messages={"json": error.messages}, schema=schema)


def idempotent(view):
    """Idempotency-Key for a creating POST (services/common/idempotency.py): put it above the
    view's other decorators; the app holds an `Idempotency` as app.extensions["idempotency"].
    The caller is the token's subject, so the auth check has run (check_auth_first)."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(idempotency.HEADER)
        if key is None:
            return view(*args, **kwargs)
        if not re.fullmatch(idempotency.KEY_PATTERN, key):
            return problem(400, "Bad Idempotency-Key", "The Idempotency-Key header is 1 to 200 visible "
                           "ASCII characters.", "bad-idempotency-key")
        store = current_app.extensions["idempotency"]
        digest = idempotency.fingerprint(request.method, request.path, request.get_data(cache=True))
        outcome = store.claim(g.token["sub"], key, request.method, request.path, digest)
        if outcome.kind == "mismatch":
            return problem(422, "Idempotency-Key reused", "This Idempotency-Key was used for another "
                           "request; use a new key for a new request.", "idempotency-key-reused")
        if outcome.kind == "busy":
            return problem(409, "Request in progress", "The first request with this Idempotency-Key is "
                           "still running; try again shortly.", "idempotency-in-progress", {"Retry-After": "2"})
        if outcome.kind == "replay":
            return current_app.response_class(outcome.body, status=outcome.status,
                                              headers={**outcome.headers, "Idempotent-Replayed": "true"})
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except Exception as error:  # the problem the error handlers make of it is the answer kept
            response = current_app.make_response(current_app.handle_user_exception(error))
        store.finish(outcome.record_id, response.status_code, response.get_data(), dict(response.headers))
        return response

    apidoc = copy.deepcopy(getattr(wrapper, "_apidoc", {}))  # the view's own stays as it was
    manual = apidoc.setdefault("manual_doc", {})
    manual["parameters"] = [*manual.get("parameters", []), idempotency.OPENAPI_PARAMETER]
    wrapper._apidoc = apidoc
    return wrapper


def accepts_form(view):
    """Mark a view that takes form-encoded bodies (HTML forms, RFC 6749 token requests)."""
    view.accepts_form = True
    return view


def accepts_media(*media_types):
    """Mark a view (or a MethodView method) that takes a raw body of these types (e.g. an
    image upload) instead of JSON; the view checks the body itself. Any other type is a 415."""
    def mark(view):
        view.accepts_media = media_types
        return view
    return mark


def _accepted_media(view):
    cls = getattr(view, "view_class", None)
    handler = getattr(cls, request.method.lower(), None)
    return getattr(handler, "accepts_media", None) or getattr(view, "accepts_media", None)


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
    app.config.update(openapi_config(title, description))
    app.url_map.strict_slashes = False
    api = ProblemApi(app)
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    api.register_blueprint(ops_blueprint({"database": lambda: dbmod.ping(database),
                                          "broker": lambda: _ping_broker(app.config)}))
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
        if request.endpoint not in WITHOUT_DATABASE:
            database.connect(reuse_if_open=True)
        if any(isinstance(v, str) and has_control_characters(v) for v in (request.view_args or {}).values()):
            return problem(404, "Not Found", "No such resource.")  # no id holds one (PostgreSQL refuses NUL)
        if _overlong_field():
            raise ValueTooLong()
        view = app.view_functions.get(request.endpoint)
        check_auth_first(view)
        # A method the path does not have is a 405 whatever its body (routing_exception is set).
        media = _accepted_media(view) if request.routing_exception is None else None
        if media:
            if request.mimetype not in media:
                return problem(415, "Unsupported media type",
                               f"Send the body as {' or '.join(media)}, not {request.mimetype or 'no type'}.")
        elif (request.method in BODY_METHODS and _has_body() and request.mimetype not in JSON_TYPES
                and request.routing_exception is None and not getattr(view, "accepts_form", False)):
            return problem(415, "Unsupported media type",
                           f"Send the body as application/json, not {request.mimetype or 'no type'}.")

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


def check_auth_first(view):
    """Runs the view's auth requirement (auth.py `auth_requirement`) before its body or query is
    read: on the view, or on the MethodView method this request dispatches to."""
    method = request.method.lower()
    cls = getattr(view, "view_class", None)
    handler = getattr(cls, method, None) or (getattr(cls, "get", None) if method == "head" else None)
    for target in (view, handler):
        check = getattr(target, "auth_check", None)
        if check is not None:
            run_auth_check(check)


class ValueTooLong(BadRequest):
    """A query or form value over FIELD_MAX_LENGTH: a 400 problem, or what the endpoint's
    blueprint answers for it (identity's OAuth2 endpoints: an RFC 6749 invalid_request)."""

    description = f"A query or form value is longer than {FIELD_MAX_LENGTH} characters."


def _overlong_field():
    values = list(request.args.values())
    if request.mimetype == "application/x-www-form-urlencoded":
        values += request.form.values()
    return any(len(value) > FIELD_MAX_LENGTH for value in values)


def _has_body():
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "")


def _ping_broker(config):
    connection = pika.BlockingConnection(topology.connection_parameters(config, socket_timeout=2, name="readyz"))
    connection.close()


def origin_of(url):
    """scheme://host[:port] of a URL, lower-cased: what a browser compares (CSP, redirects)."""
    parsed = urlsplit(url)
    return f"{parsed.scheme.lower()}://{parsed.netloc.lower()}"
