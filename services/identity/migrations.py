"""Identity's schema versions; applied at start-up by services.common.migrations."""
from .models import Account, BrowserSession, OAuthClient, OutboxEvent, ProcessedEvent

STEPS = [
    (1, "accounts, oauth clients, outbox", lambda db: db.create_tables(
        [Account, OAuthClient, OutboxEvent, ProcessedEvent])),
    (2, "browser sessions", lambda db: db.create_tables([BrowserSession])),
]
