"""Identity's schema versions; applied at start-up by services.common.migrations."""
from .models import Account, BrowserSession, OAuthClient, OutboxEvent, ProcessedEvent
from .oauth_models import OAUTH_TABLES



def _add_client_metadata(db):
    # Step 1 creates the table from today's model, which already has the column.
    if "metadata" not in {column.name for column in db.get_columns("oauthclient")}:
        db.execute_sql("ALTER TABLE oauthclient ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}'")


STEPS = [
    (1, "accounts, oauth clients, outbox", lambda db: db.create_tables(
        [Account, OAuthClient, OutboxEvent, ProcessedEvent])),
    (2, "browser sessions", lambda db: db.create_tables([BrowserSession])),
    # 10..19: the OAuth2 authorization server (ID12); 3..9 are the accounts work.
    (10, "oauth client metadata", lambda db: _add_client_metadata(db)),
    (11, "authorization codes, refresh tokens, revoked access tokens", lambda db: db.create_tables(OAUTH_TABLES)),
]
