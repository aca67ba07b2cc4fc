"""Identity's schema versions; applied at start-up by services.common.migrations.

Versions 3-9 are accounts and credentials; 10-19 belong to the OAuth2 server.
"""
from playhouse.migrate import SchemaMigrator, migrate

from services.common.migrations import epoch_to_datetime

from .models import (Account, BackupCode, BrowserSession, EmailToken, IdentityVerificationCase, KnownDevice,
                     LoginAttempt, OAuthClient, OutboundMessage, OutboxEvent, ProcessedEvent, ScheduledRun,
                     TwoFactor)
from .oauth.models import OAUTH_TABLES, OAuthConsent, RefreshToken


def _account_columns(db):
    # Step 1 creates the table from today's model: on a fresh database the columns exist already.
    existing = {column.name for column in db.get_columns("account")}
    migrator = SchemaMigrator.from_database(db)
    migrate(*[migrator.add_column("account", name, getattr(Account, name))
              for name in ("email_verified_at", "mobile", "recovery_email", "deleted_at") if name not in existing])
    # Accounts made before verification existed could already log in: they stay verified.
    Account.update(email_verified_at=Account.created_at).execute()


def _account_language(db):
    # Step 1 creates the table from today's model: on a fresh database the column exists already.
    if "language" not in {column.name for column in db.get_columns("account")}:
        migrate(SchemaMigrator.from_database(db).add_column("account", "language", Account.language))


def _account_staff(db):
    # Step 1 creates the table from today's model: on a fresh database the column exists already.
    if "staff" not in {column.name for column in db.get_columns("account")}:
        migrate(SchemaMigrator.from_database(db).add_column("account", "staff", Account.staff))


def _case_columns(db):
    # Step 7 creates the table from today's model: on a fresh database the columns exist already.
    existing = {column.name for column in db.get_columns("identityverificationcase")}
    migrator = SchemaMigrator.from_database(db)
    migrate(*[migrator.add_column("identityverificationcase", name, getattr(IdentityVerificationCase, name))
              for name in ("account_id", "resolved_at", "resolved_by", "resolution_note") if name not in existing])


def _refresh_token_access(db):
    # Step 11 creates the table from today's model: on a fresh database the columns exist already.
    existing = {column.name for column in db.get_columns("refreshtoken")}
    migrator = SchemaMigrator.from_database(db)
    migrate(*[migrator.add_column("refreshtoken", name, getattr(RefreshToken, name))
              for name in ("access_jti", "access_expires_at") if name not in existing])


def _add_client_metadata(db):
    # Step 1 creates the table from today's model, which already has the column.
    if "metadata" not in {column.name for column in db.get_columns("oauthclient")}:
        db.execute_sql("ALTER TABLE oauthclient ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}'")


def _expiries_as_timestamps(db):
    for table, column, not_null in [("authorizationcode", "expires_at", True), ("refreshtoken", "expires_at", True),
                                    ("refreshtoken", "access_expires_at", False),
                                    ("revokedaccesstoken", "expires_at", True)]:
        epoch_to_datetime(db, table, column, not_null)


STEPS = [
    (1, "accounts, oauth clients, outbox", lambda db: db.create_tables(
        [Account, OAuthClient, OutboxEvent, ProcessedEvent])),
    (2, "browser sessions", lambda db: db.create_tables([BrowserSession])),
    (3, "verification, mobile, recovery email, deletion", _account_columns),
    (4, "mailed tokens", lambda db: db.create_tables([EmailToken])),
    (5, "two-factor", lambda db: db.create_tables([TwoFactor, BackupCode])),
    (6, "login activity and known devices", lambda db: db.create_tables([LoginAttempt, KnownDevice])),
    (7, "identity-verification cases", lambda db: db.create_tables([IdentityVerificationCase])),
    (8, "identity-verification cases: account and staff resolution", _case_columns),
    (9, "the account's language (mails and pages)", _account_language),
    # 10..19: the OAuth2 authorization server (ID12).
    (10, "oauth client metadata", _add_client_metadata),
    (11, "authorization codes, refresh tokens, revoked access tokens", lambda db: db.create_tables(OAUTH_TABLES)),
    (12, "remembered consents", lambda db: db.create_tables([OAuthConsent])),
    (13, "the access token issued with each refresh token", _refresh_token_access),
    (14, "expiries as timestamps, not epoch seconds", _expiries_as_timestamps),
    (15, "scheduled runs", lambda db: db.create_tables([ScheduledRun])),
    (16, "message outbox: mail and SMS sent after commit", lambda db: db.create_tables([OutboundMessage])),
    (17, "staff accounts (the scope `staff`)", _account_staff),
]
