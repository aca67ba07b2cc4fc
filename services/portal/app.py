"""create_app(): the portal shell. Later an OAuth2 client of identity calling the four APIs."""
import requests
from flask import Flask, jsonify, render_template_string

from services.common.config import load_config
from services.common.logs import setup_logging
from services.common.problems import problem, register_error_handlers

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Partner portal</title></head><body>
<h1>Partner portal</h1>
<p>Manage your clients' products, access and bills from one login.</p>
<p>Sign-in arrives with the identity pages; the services behind this portal:</p>
<ul>{% for name, url in services %}<li><a href="{{ url }}/openapi.json">{{ name }}</a></li>{% endfor %}</ul>
</body></html>"""


def make_config(**overrides):
    return load_config("portal", **overrides)


def create_app(config=None):
    config = config or make_config()
    setup_logging("portal", config["LOG_LEVEL"])
    app = Flask("services.portal")
    app.config.update(config)
    register_error_handlers(app)
    services = [(n, u) for n, u in config["SERVICE_URLS"].items() if n != "portal"]

    @app.get("/")
    def home():
        return render_template_string(PAGE, services=services)

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz():
        try:
            requests.get(config["SERVICE_URLS"]["identity"] + "/healthz", timeout=2).raise_for_status()
        except requests.RequestException:
            return problem(503, "Not ready", "identity is unreachable.", "not-ready")
        return jsonify(status="ready")

    return app
