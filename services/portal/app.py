"""create_app(): the portal shell. Later an OAuth2 client of identity calling the four APIs."""
import flask_smorest
import requests
from flask import Flask, render_template_string

from services.common.config import load_config
from services.common.logs import setup_logging
from services.common.openapi import openapi_config
from services.common.ops import ops_blueprint
from services.common.problems import ProblemApi, register_error_handlers

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Partner portal</title></head><body>
<h1>Partner portal</h1>
<p>Manage your clients' products, access and bills from one login.</p>
<p>Sign-in arrives with the identity pages; the services behind this portal:</p>
<ul>{% for name, url in services %}<li><a href="{{ url }}/openapi.json">{{ name }}</a></li>{% endfor %}</ul>
</body></html>"""


def make_config(**overrides):
    return load_config("portal", **overrides)


def pages(services):
    blp = flask_smorest.Blueprint("pages", __name__, description="The portal's pages")

    @blp.route("/", methods=["GET"])
    @blp.doc(responses={"200": {"description": "The home page",
                                "content": {"text/html": {"schema": {"type": "string"}}}}})
    def home():
        """The home page, linking the services' API documents."""
        return render_template_string(PAGE, services=services)

    return blp


def create_app(config=None):
    config = config or make_config()
    setup_logging("portal", config["LOG_LEVEL"])
    app = Flask("services.portal")
    app.config.update(config)
    app.config.update(openapi_config("partner-portal portal", "The web portal for partners and clients."))
    app.url_map.strict_slashes = False
    api = ProblemApi(app, database=False)  # the portal has none
    api.register_blueprint(pages([(n, u) for n, u in config["SERVICE_URLS"].items() if n != "portal"]))
    identity = config["SERVICE_URLS"]["identity"]
    api.register_blueprint(ops_blueprint({
        "identity": lambda: requests.get(identity + "/healthz", timeout=2).raise_for_status()}))
    register_error_handlers(app)
    return app
