"""Partner's schema versions; applied at start-up by services.common.migrations."""
from .models import RevokedCredential, KnownOrganization, OutboxEvent, ProcessedEvent

STEPS = [
    (1, "known organizations, outbox", lambda db: db.create_tables([KnownOrganization, OutboxEvent, ProcessedEvent])),
    (2, "revoked credentials (ID12)", lambda db: db.create_tables([RevokedCredential])),
]
