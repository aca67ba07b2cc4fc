"""Billing's schema versions; applied at start-up by services.common.migrations."""
from .models import BillingAccount, Invoice, OutboxEvent, ProcessedEvent, Product

STEPS = [
    (1, "billing accounts, outbox", lambda db: db.create_tables([BillingAccount, OutboxEvent, ProcessedEvent])),
    (2, "products and invoices", lambda db: db.create_tables([Product, Invoice])),
]
