"""Billing's schema versions; applied at start-up by services.common.migrations."""
from services.common.migrations import epoch_to_datetime

from .models import NEW_TABLES, BillingAccount, ExpiryWarning, RenewalAttempt, OutboxEvent, ProcessedEvent, RevokedCredential


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
    (9, "renewal attempts and expiry warnings (BI3, BI4, BI6)",
     lambda db: db.create_tables([RenewalAttempt, ExpiryWarning])),
]
