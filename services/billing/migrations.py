"""Billing's schema versions; applied at start-up by services.common.migrations."""
from .models import RevokedCredential, BillingAccount, Invoice, OutboxEvent, ProcessedEvent, Product

STEPS = [
    (1, "billing accounts, outbox", lambda db: db.create_tables([BillingAccount, OutboxEvent, ProcessedEvent])),
    (2, "products and invoices", lambda db: db.create_tables([Product, Invoice])),
    (3, "revoked credentials (ID12)", lambda db: db.create_tables([RevokedCredential])),
]
