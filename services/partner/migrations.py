"""Partner's schema versions; applied at start-up by services.common.migrations."""
from services.common.migrations import epoch_to_datetime

from .models import RevokedCredential, KnownOrganization, OutboxEvent, ProcessedEvent

STEPS = [
    (1, "known organizations, outbox", lambda db: db.create_tables([KnownOrganization, OutboxEvent, ProcessedEvent])),
    (2, "revoked credentials (ID12)", lambda db: db.create_tables([RevokedCredential])),
    (3, "revocation expiries as timestamps", lambda db: epoch_to_datetime(db, "revoked_credentials", "expires_at")),
]
