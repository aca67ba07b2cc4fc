"""Partner's schema versions; applied at start-up by services.common.migrations."""
from .models import KnownOrganization, OutboxEvent, ProcessedEvent

STEPS = [
    (1, "known organizations, outbox", lambda db: db.create_tables([KnownOrganization, OutboxEvent, ProcessedEvent])),
]
