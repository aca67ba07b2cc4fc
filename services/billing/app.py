"""create_app(): billing' composition root."""
import os

from services.common import migrations
from services.common.access import AccessClient
from services.common.client import ServiceClient
from services.common.config import load_config
from services.common.revocations import table_loader
from services.common.web import build_app

from . import catalogue
from .api import BLUEPRINTS
from .migrations import STEPS
from .models import RevokedCredential, db

ORGS_SCOPES = "orgs:access-check orgs:read"  # who may do what (OR14), and organizations' details


def make_config(**overrides):
    # The product catalogue (BI1, BI2): the packaged file unless CATALOGUE_FILE names another.
    overrides.setdefault("CATALOGUE_FILE", os.environ.get("CATALOGUE_FILE") or str(catalogue.PACKAGED))
    return load_config("billing", **overrides)


def load_catalogue(config):
    """The catalogue, checked: a bad file raises CatalogueError naming the entry and field, which
    stops the app or worker at start with that message."""
    return catalogue.load(config.get("CATALOGUE_FILE") or catalogue.PACKAGED)


def init_database(config):
    return migrations.bind_and_migrate(db, config, STEPS)


def create_app(config=None):
    config = config or make_config()
    products = load_catalogue(config)
    init_database(config).close()
    app = build_app(config, db, "partner-portal billing", BLUEPRINTS,
                    "Products, invoices, payments and prepaid accounts.",
                    revocations=table_loader(RevokedCredential))
    # Its scopes are those of its client in identity's DEFAULT_CLIENTS (docs/architecture.md).
    app.extensions["catalogue"] = products
    app.extensions["orgs_client"] = ServiceClient(config, "orgs", ORGS_SCOPES)
    app.extensions["access_client"] = AccessClient(app.extensions["orgs_client"])
    return app
