"""create_app(): the portal, a first-party OAuth2 client of identity whose pages call the
services' APIs with the signed-in person's own token. It stores nothing but its cookie."""
import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

import requests
from cryptography.fernet import Fernet
from flask import Flask, current_app, redirect, request, url_for

from services.common.config import ensure_secret, load_config
from services.common.logs import setup_logging
from services.common.openapi import openapi_config
from services.common.ops import ops_blueprint
from services.common.problems import ProblemApi
from services.common.web_pages import init_site

from . import context, errors, forms, labels, pages, signin, web
from .session import EncryptedCookieSessionInterface, is_loopback

ROOT = Path(__file__).resolve().parent
SESSION_MAX_AGE = 30 * 24 * 3600  # as long as identity's refresh tokens live
ALWAYS_PUBLIC = {"site.static", "static", "ops.healthz", "ops.readyz", "ops.metrics", "api-docs.openapi_json"}


def make_config(**overrides):
    # Where a payment's 3-D Secure page may be (the provider's origins, space-separated): the
    # browser follows the portal's redirect there after a form, which CSP's form-action must
    # allow. Default: billing's own address, where its sandbox provider serves the page.
    overrides.setdefault("PAYMENT_PAGE_ORIGINS", os.environ.get("PAYMENT_PAGE_ORIGINS", ""))
    return load_config("portal", **overrides)


def _origin(url):
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


def _require_sign_in():
    """Every page but the public ones needs a signed-in person (else: sign in, then back)."""
    endpoint = request.endpoint or ""
    blueprint = endpoint.rsplit(".", 1)[0] if "." in endpoint else ""
    if not endpoint or endpoint in ALWAYS_PUBLIC or endpoint in current_app.config["PUBLIC_ENDPOINTS"] \
            or getattr(current_app.blueprints.get(blueprint), "public", False):
        return None
    if not signin.signed_in():
        return redirect(url_for("signin.sign_in", next=request.full_path.rstrip("?")), code=303)
    return None


def create_app(config=None):
    config = config or make_config()
    setup_logging("portal", config["LOG_LEVEL"])
    app = Flask("services.portal", template_folder=str(ROOT / "templates"))
    app.config.update(config)
    app.config.update(openapi_config("partner-portal portal", "The web portal for partners and clients: HTML pages; "
                                     "this document lists only its health endpoints."))
    app.config["PUBLIC_ENDPOINTS"] = set()
    portal_url = config["SERVICE_URLS"]["portal"]
    billing = config["SERVICE_URLS"].get("billing")
    payment_pages = (config.get("PAYMENT_PAGE_ORIGINS") or "").split() or ([_origin(billing)] if billing else [])
    form_targets = " ".join([config["ISSUER"], *payment_pages])
    key = ensure_secret(config, "portal-cookie-key", lambda: Fernet.generate_key().decode())
    app.secret_key = secrets.token_bytes(32)  # unused: the session interface encrypts with `key`
    app.session_interface = EncryptedCookieSessionInterface(key, not is_loopback(portal_url), SESSION_MAX_AGE)
    api = ProblemApi(app, database=False)  # the portal has none
    identity = config["SERVICE_URLS"]["identity"]
    api.register_blueprint(ops_blueprint({
        "identity": lambda: requests.get(identity + "/healthz", timeout=2).raise_for_status()}))
    init_site(app, [ROOT], web.preferred_language, forms.csrf_token, "/language", "/")
    web.init(app)
    for blueprint in pages.blueprints():
        app.register_blueprint(blueprint)
    navigation = pages.navigation()
    app.jinja_env.globals.update(labels.GLOBALS)

    @app.context_processor
    def page_context():
        here = pages.current(navigation, request.endpoint)
        if not signin.signed_in() or request.endpoint in app.config["PUBLIC_ENDPOINTS"]:
            return {"signed_in": False, "navigation": [], "navigation_current": here}
        layout = context.layout()
        return {"navigation": pages.offered(navigation, layout), "navigation_current": here, **layout}

    app.before_request(forms.check_csrf)
    app.before_request(_require_sign_in)
    errors.register(app)

    @app.after_request
    def headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                                    "style-src 'self'; script-src 'self'; form-action 'self' " + form_targets
                                    + "; frame-ancestors 'none'")
        if request.endpoint not in ALWAYS_PUBLIC:
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app
