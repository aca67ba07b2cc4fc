"""create_app(): orgs' composition root."""
from services.common import migrations
from services.common.client import ServiceClient
from services.common.config import load_config
from services.common.idempotency import Idempotency
from services.common.revocations import table_loader
from services.common.web import build_app

from .api import BLUEPRINTS
from .migrations import STEPS
from .models import IdempotencyRecord, RevokedCredential, db


def make_config(**overrides):
    return load_config("orgs", **overrides)


def init_database(config):
    return migrations.bind_and_migrate(db, config, STEPS)


def create_app(config=None):
    config = config or make_config()
    init_database(config).close()
    app = build_app(config, db, "partner-portal orgs", BLUEPRINTS,
                    "Organizations, memberships, roles and the access check.",
                    revocations=table_loader(RevokedCredential))
    app.extensions["billing_client"] = ServiceClient(config, "billing", "billing:read")  # OR13: deletion check
    app.extensions["idempotency"] = Idempotency.from_config(IdempotencyRecord, config)  # creating POSTs (issue 11)
    return app
