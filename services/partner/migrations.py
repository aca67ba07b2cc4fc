"""Partner's schema versions; applied at start-up by services.common.migrations."""
from services.common.migrations import epoch_to_datetime

from .models import (Affiliate, Application, Assignment, IdempotencyRecord, KnownOrganization, Link, LinkWarning,
                     OutboundMessage, OutboxEvent, Partner, ProcessedEvent, RevokedCredential, ScheduledRun,
                     StopRequest)

def _one_open_link_per_pair(db):
    # A partial unique index (SQLite and PostgreSQL both have them): of two simultaneous requests
    # for the same pair, the second insert fails and is answered 409.
    db.execute_sql("CREATE UNIQUE INDEX link_open_pair ON link (partner_organization_id, client_organization_id) "
                   "WHERE status IN ('pending', 'active')")


STEPS = [
    (1, "known organizations, outbox", lambda db: db.create_tables([KnownOrganization, OutboxEvent, ProcessedEvent])),
    (2, "revoked credentials (ID12)", lambda db: db.create_tables([RevokedCredential])),
    (3, "revocation expiries as timestamps", lambda db: epoch_to_datetime(db, "revoked_credentials", "expires_at")),
    (4, "applications, partners, affiliates, links, stop requests, assignments, link warnings (issue 11)",
     lambda db: db.create_tables([Application, Partner, Affiliate, Link, StopRequest, Assignment, LinkWarning])),
    (5, "scheduled runs, outbound messages, idempotency records",
     lambda db: db.create_tables([ScheduledRun, OutboundMessage, IdempotencyRecord])),
    # Reserved for issue 11's helpers: 6 applications, 7 links, 8 portal (none), 9 spare.
    (7, "at most one pending or active link per partner and client (PA4)", _one_open_link_per_pair),
]
