"""create_app(): billing' composition root."""
import os

from services.common import migrations
from services.common.access import AccessClient
from services.common.client import ServiceClient
from services.common.config import load_config
from services.common.revocations import table_loader
from services.common.web import build_app

from services.common.idempotency import Idempotency

from . import catalogue, domain, provider
from .api import BLUEPRINTS, sandbox
from .migrations import STEPS
from .models import IdempotencyRecord, RevokedCredential, db

ORGS_SCOPES = "orgs:access-check orgs:read"  # who may do what (OR14), and organizations' details


def make_config(**overrides):
    # The product catalogue (BI1, BI2): the packaged file unless CATALOGUE_FILE names another.
    overrides.setdefault("CATALOGUE_FILE", os.environ.get("CATALOGUE_FILE") or str(catalogue.PACKAGED))
    # BI14: VAT rates by country and category ("CH:standard=8.1,..."); a bad entry stops billing.
    overrides.setdefault("VAT_RATES", domain.parse_vat_rates(os.environ.get("VAT_RATES") or domain.DEFAULT_VAT_RATES))
    # The seller on every invoice and the account its Swiss QR-bills pay into (a QR-IBAN).
    overrides.setdefault("SELLER", {
        "name": os.environ.get("SELLER_NAME", "Partner Portal SA"),
        "street": os.environ.get("SELLER_STREET", "Rue du Rhône 1"),
        "postal_code": os.environ.get("SELLER_POSTAL_CODE", "1204"),
        "city": os.environ.get("SELLER_CITY", "Genève"),
        "country": os.environ.get("SELLER_COUNTRY", "CH"),
        "vat_number": os.environ.get("SELLER_VAT_NUMBER", "CHE-123.456.788 MWST"),
        "qr_iban": os.environ.get("SELLER_QR_IBAN", "CH44 3199 9123 0008 8901 2"),
        "iban": os.environ.get("SELLER_IBAN", "CH93 0076 2011 6238 5295 7"),
    })
    # The payment provider (provider.py): "sandbox", the local fake that succeeds, declines or
    # asks for 3-D Secure by rule; PAYMENT_PUBLIC_URL is where payers' browsers reach billing.
    overrides.setdefault("PAYMENT_PROVIDER", os.environ.get("PAYMENT_PROVIDER", "sandbox"))
    overrides.setdefault("PAYMENT_PUBLIC_URL", os.environ.get("PAYMENT_PUBLIC_URL", ""))
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
    app.extensions["idempotency"] = Idempotency.from_config(IdempotencyRecord, config)
    app.extensions["payment_provider"] = provider.make_provider(config)
    if config["PAYMENT_PROVIDER"] == "sandbox":
        app.register_blueprint(sandbox.blp)  # the fake provider's 3-D Secure page and callback
    return app
