"""Billing's schema versions; applied at start-up by services.common.migrations."""
from .models import BillingAccount, OutboxEvent, ProcessedEvent

STEPS = [
    (1, "billing accounts, outbox", lambda db: db.create_tables([BillingAccount, OutboxEvent, ProcessedEvent])),
]
