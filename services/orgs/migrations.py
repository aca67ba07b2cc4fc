"""Orgs' schema versions; applied at start-up by services.common.migrations."""
from services.common.migrations import epoch_to_datetime

from services.common import db as dbmod

from .models import (AccountProfile, RevokedCredential, ScheduledRun, AuditEntry, DelegatedAssignment, DelegatedGrant,
                     Elevation, ElevationPreapproval, IdempotencyRecord, Invitation, Membership, Organization,
                     OrganizationLogo, OutboundMessage, OutboxEvent, ProcessedEvent, SupportGrant, Team, TeamMember)

# Step 1 creates tables from the current models, so a fresh database already has these
# columns: add only the missing ones. Plain ALTERs read the same on SQLite and PostgreSQL.
_NEW_COLUMNS = [
    ("organization", "square_logo_url", "VARCHAR(500)"),
    ("organization", "initials", "VARCHAR(3)"),
    ("organization", "rectangular_logo_url", "VARCHAR(500)"),
    ("membership", "email", "VARCHAR(254)"),
    ("membership", "product_ids", "TEXT"),
    ("membership", "billing_rights", "BOOLEAN NOT NULL DEFAULT FALSE"),
    ("membership", "contact_preferences", "TEXT"),
]
_PRODUCT_BINDINGS = [("membership", "bound_products", "TEXT")]


def _add_columns(db, columns):
    for table, column, ddl in columns:
        if column not in {c.name for c in db.get_columns(table)}:
            db.execute_sql(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}")


def _step2(db):
    _add_columns(db, _NEW_COLUMNS)
    db.execute_sql("CREATE INDEX IF NOT EXISTS membership_email ON membership (email)")


def _step10(db):
    db.create_tables([AccountProfile])
    _add_columns(db, [("invitation", "language", "VARCHAR(5)")])


def _uuid(db):
    """A UUIDField's column type, as create_tables makes it."""
    return "UUID" if dbmod.is_postgres(db) else "TEXT"


def _step11(db):
    """Issue 11: the projection of partner links and assignments, and PA5's upgraded members."""
    _add_columns(db, [("delegatedgrant", "ends_at", "TIMESTAMP"),
                      ("delegatedgrant", "version", "INTEGER NOT NULL DEFAULT 0"),
                      ("delegatedgrant", "payer", "VARCHAR(20) NOT NULL DEFAULT 'client'"),
                      ("delegatedgrant", "auto_extend", "BOOLEAN NOT NULL DEFAULT FALSE"),
                      ("membership", "via_link_id", _uuid(db))])
    db.create_tables([DelegatedAssignment])
    db.execute_sql("CREATE INDEX IF NOT EXISTS delegatedgrant_partner_client "
                   "ON delegatedgrant (client_organization_id, partner_organization_id)")


def _invited_by_nullable(db):
    """A client organization's invitation is sent for a partner, by no account (PA4)."""
    if dbmod.is_postgres(db):
        db.execute_sql("ALTER TABLE invitation ALTER COLUMN invited_by DROP NOT NULL")
        return
    if not next(c for c in db.get_columns("invitation") if c.name == "invited_by").null:
        from playhouse.migrate import SqliteMigrator, migrate
        migrate(SqliteMigrator(db).drop_not_null("invitation", "invited_by"))


def _step12(db):
    """Issue 11: elevations (PX3), client organizations created for a partner, Idempotency-Key."""
    db.create_tables([Elevation, ElevationPreapproval, IdempotencyRecord])
    db.execute_sql("CREATE INDEX IF NOT EXISTS elevation_account_client "
                   "ON elevation (account_id, client_organization_id)")
    _add_columns(db, [("invitation", "partner_organization_id", _uuid(db)),
                      ("invitation", "first_name", "VARCHAR(100)"), ("invitation", "last_name", "VARCHAR(100)")])
    _invited_by_nullable(db)


STEPS = [
    (1, "organizations, memberships, outbox", lambda db: db.create_tables(
        [Organization, Membership, OutboxEvent, ProcessedEvent])),
    (2, "branding, member email and rights", _step2),
    (3, "invitations, teams, support access, delegated grants, audit log", lambda db: db.create_tables(
        [Invitation, Team, TeamMember, SupportGrant, DelegatedGrant, AuditEntry])),
    (4, "memberships bound to a product (OR8)", lambda db: _add_columns(db, _PRODUCT_BINDINGS)),
    (5, "revoked credentials (ID12)", lambda db: db.create_tables([RevokedCredential])),
    (6, "revocation expiries as timestamps", lambda db: epoch_to_datetime(db, "revoked_credentials", "expires_at")),
    (7, "scheduled runs", lambda db: db.create_tables([ScheduledRun])),
    (8, "message outbox: mail and SMS sent after commit", lambda db: db.create_tables([OutboundMessage])),
    (9, "uploaded logos (OR1)", lambda db: db.create_tables([OrganizationLogo])),
    (10, "account profiles (names, languages) and the language of invitations", _step10),
    (11, "partner links and assignments projected (PA5-PA7, PX1), upgraded external members", _step11),
    (12, "elevations (PX3), client organizations for partners (PA4), Idempotency-Key", _step12),
]
