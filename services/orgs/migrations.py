"""Orgs' schema versions; applied at start-up by services.common.migrations."""
from .models import Membership, Organization, OutboxEvent, ProcessedEvent

STEPS = [
    (1, "organizations, memberships, outbox", lambda db: db.create_tables(
        [Organization, Membership, OutboxEvent, ProcessedEvent])),
]
