"""Billing's schema versions; applied at start-up by services.common.migrations."""
from services.common.migrations import epoch_to_datetime

from . import immutability
from .models import (NEW_TABLES, BillingAccount, ExpiryWarning, OutboxEvent, ProcessedEvent, RenewalAttempt,
                     RevokedCredential)


def _billing_tables(db):
    # Steps 1-2 made placeholder `product` and `invoice` tables that no code ever wrote: they
    # are replaced by the full ones.
    db.execute_sql("DROP TABLE IF EXISTS product")
    db.execute_sql("DROP TABLE IF EXISTS invoice")
    db.create_tables(NEW_TABLES)


def _placeholders(db):
    db.execute_sql("CREATE TABLE IF NOT EXISTS product (id VARCHAR(40) PRIMARY KEY)")
    db.execute_sql("CREATE TABLE IF NOT EXISTS invoice (id VARCHAR(40) PRIMARY KEY)")


STEPS = [
    (1, "billing accounts, outbox", lambda db: db.create_tables([BillingAccount, OutboxEvent, ProcessedEvent])),
    (2, "products and invoices (placeholders)", _placeholders),
    (3, "revoked credentials (ID12)", lambda db: db.create_tables([RevokedCredential])),
    (4, "revocation expiries as timestamps", lambda db: epoch_to_datetime(db, "revoked_credentials", "expires_at")),
    (5, "orders, products, invoices, credit notes, payments, prepaid ledger, bank credits, codes, "
        "idempotency, messages, runs", _billing_tables),
    (6, "issued invoices and credit notes are immutable, numbers count up by one (BI5)", immutability.install),
    (8, "prepaid movements unique per organization, kind and reference (BI8: a credit is not taken twice)",
     lambda db: db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS prepaidentry_organization_id_kind_reference "
                               "ON prepaidentry (organization_id, kind, reference)")),
    (9, "renewal attempts and expiry warnings (BI3, BI4, BI6)",
     lambda db: db.create_tables([RenewalAttempt, ExpiryWarning])),
]
