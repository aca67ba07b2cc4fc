"""create_app(): partner' composition root."""
import os

from services.common import migrations
from services.common.access import AccessClient
from services.common.client import ServiceClient
from services.common.config import load_config
from services.common.idempotency import Idempotency
from services.common.revocations import table_loader
from services.common.web import build_app

from . import affiliates, cashback, ratecard, tender_limits, threshold, volume, webhook_sender, website_check
from .api import BLUEPRINTS
from .migrations import STEPS
from .models import IdempotencyRecord, RevokedCredential, db

# Who may do what (OR14), organizations' details, and client organizations created for a partner (PA4).
ORGS_SCOPES = "orgs:access-check orgs:read orgs:create-client"
IDENTITY_SCOPES = "identity:reauthenticate"  # PA10: a person's password checked before a link stops


def make_config(**overrides):
    # PA1: the website check (website_check.py), the reseller conditions' current version, and
    # where staff learn of a new application.
    for name, value in website_check.settings_from_environment().items():
        overrides.setdefault(name, value)
    for name, value in webhook_sender.settings_from_environment().items():  # PX6
        overrides.setdefault(name, value)
    overrides.setdefault("AFFILIATE_COMMISSION_RATE", os.environ.get("AFFILIATE_COMMISSION_RATE", "10"))  # PA15
    overrides.setdefault("RESELLER_CONDITIONS_VERSION", os.environ.get("RESELLER_CONDITIONS_VERSION", "2026-01"))
    overrides.setdefault("STAFF_EMAIL", os.environ.get("STAFF_EMAIL", "staff@partner-portal.local"))
    # PA2/PA11: the rate card file (checked at start: a bad file stops the service, naming the
    # mistake) and the margin above the threshold under which a partner is warned (0.10: 10 %).
    overrides.setdefault("RATECARD_FILE", os.environ.get("RATECARD_FILE", str(ratecard.PACKAGED)))
    overrides.setdefault("THRESHOLD_WARNING_MARGIN", os.environ.get("THRESHOLD_WARNING_MARGIN",
                                                                    threshold.DEFAULT_MARGIN))
    for name, value in tender_limits.settings_from_environment().items():  # PA13: postings a day per email, per IP
        overrides.setdefault(name, value)
    return load_config("partner", **overrides)


def init_database(config):
    return migrations.bind_and_migrate(db, config, STEPS)


def load_ratecard(config, orgs_client):
    """The rate card of RATECARD_FILE, loaded and checked once at start (app and worker), and the
    threshold's settings; a bad file raises RateCardError naming the file, tier and field."""
    card = ratecard.load(config["RATECARD_FILE"])
    threshold.configure(card, config["THRESHOLD_WARNING_MARGIN"], orgs_client)
    volume.configure(config)
    cashback.configure(config, card)
    affiliates.configure(config)  # PA15: a commission rate above 50 % stops the service here
    return card


def create_app(config=None):
    config = config or make_config()
    tender_limits.checked_settings(config)  # PA13: a bad limit stops the service here
    init_database(config).close()
    app = build_app(config, db, "partner-portal partner", BLUEPRINTS,
                    "Partner applications, client links, thresholds and cashback.",
                    revocations=table_loader(RevokedCredential))
    # Its scopes are those of its client in identity's DEFAULT_CLIENTS (docs/architecture.md).
    app.extensions["orgs_client"] = ServiceClient(config, "orgs", ORGS_SCOPES)
    app.extensions["access_client"] = AccessClient(app.extensions["orgs_client"])
    app.extensions["ratecard"] = load_ratecard(config, app.extensions["orgs_client"])
    app.extensions["identity_client"] = ServiceClient(config, "identity", IDENTITY_SCOPES)
    app.extensions["idempotency"] = Idempotency.from_config(IdempotencyRecord, config)
    app.extensions["website_check"] = website_check.make_checker(config)
    return app
