"""Billing's schema versions; applied at start-up by services.common.migrations."""
from services.common.migrations import epoch_to_datetime

from .models import RevokedCredential, BillingAccount, Invoice, OutboxEvent, ProcessedEvent, Product

STEPS = [
    (1, "billing accounts, outbox", lambda db: db.create_tables([BillingAccount, OutboxEvent, ProcessedEvent])),
    (2, "products and invoices", lambda db: db.create_tables([Product, Invoice])),
    (3, "revoked credentials (ID12)", lambda db: db.create_tables([RevokedCredential])),
    (4, "revocation expiries as timestamps", lambda db: epoch_to_datetime(db, "revoked_credentials", "expires_at")),
]
