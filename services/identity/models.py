"""Identity's tables. Bound to its own database at start-up (`app.init_database`)."""
import uuid

import peewee

from services.common.outbox import Outbox, event_tables, utcnow

db = peewee.DatabaseProxy()


class Base(peewee.Model):
    class Meta:
        database = db


class Account(Base):
    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    email = peewee.CharField(max_length=254, unique=True)
    password_hash = peewee.CharField(max_length=255)
    first_name = peewee.CharField(max_length=100)
    last_name = peewee.CharField(max_length=100)
    created_at = peewee.DateTimeField(default=utcnow)


class BrowserSession(Base):
    """A login on identity's pages (see sessions.py)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    account = peewee.ForeignKeyField(Account, backref="sessions", on_delete="CASCADE")
    created_at = peewee.DateTimeField(default=utcnow)
    ip = peewee.CharField(max_length=64, default="")
    user_agent = peewee.CharField(max_length=300, default="")
    two_factor_passed = peewee.BooleanField(default=False)
    revoked_at = peewee.DateTimeField(null=True)


class OAuthClient(Base):
    """An OAuth2 client. Service clients come from config and are synced at start-up."""

    client_id = peewee.CharField(max_length=100, primary_key=True)
    secret_hash = peewee.CharField(max_length=128)
    scopes = peewee.TextField()  # space separated
    kind = peewee.CharField(max_length=20, default="service")
    # JSON: redirect_uris, grant_types, auth_method, skip_consent (see domain.client_declaration)
    metadata = peewee.TextField(default="{}")
    updated_at = peewee.DateTimeField(default=utcnow)


OutboxEvent, ProcessedEvent = event_tables(db)
outbox = Outbox(OutboxEvent, "identity")
