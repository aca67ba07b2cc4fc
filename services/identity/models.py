"""Identity's tables. Bound to its own database at start-up (`app.init_database`)."""
import uuid

import peewee

from services.common.clock import utcnow
from services.common.messages import Messages, message_table
from services.common.outbox import Outbox, event_tables
from services.common.runs import run_table

from .events import PRODUCED

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
    email_verified_at = peewee.DateTimeField(null=True)  # ID2: no login before it is set
    mobile = peewee.CharField(max_length=16, null=True, index=True)  # E.164, ID5
    recovery_email = peewee.CharField(max_length=254, null=True)  # ID4
    deleted_at = peewee.DateTimeField(null=True)
    language = peewee.CharField(max_length=5, null=True)  # one of i18n.LANGUAGES; None: the browser's
    staff = peewee.BooleanField(default=False)  # the provider's staff: tokens may carry scope `staff` (PA1)


class BrowserSession(Base):
    """A login on identity's pages (see sessions.py)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    account = peewee.ForeignKeyField(Account, backref="sessions", on_delete="CASCADE")
    created_at = peewee.DateTimeField(default=utcnow)
    ip = peewee.CharField(max_length=64, default="")
    user_agent = peewee.CharField(max_length=300, default="")
    two_factor_passed = peewee.BooleanField(default=False)
    revoked_at = peewee.DateTimeField(null=True)


class EmailToken(Base):
    """A single-use link sent by mail (verify, reset, change of email); only its hash is kept."""

    token_hash = peewee.CharField(max_length=64, primary_key=True)
    account = peewee.ForeignKeyField(Account, on_delete="CASCADE")
    purpose = peewee.CharField(max_length=20)  # verify | reset | change-email
    new_email = peewee.CharField(max_length=254, null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    expires_at = peewee.DateTimeField()
    used_at = peewee.DateTimeField(null=True)


class TwoFactor(Base):
    """An account's TOTP secret (ID6); enabled once a first code proved the device has it."""

    account = peewee.ForeignKeyField(Account, primary_key=True, on_delete="CASCADE")
    secret = peewee.CharField(max_length=64)
    enabled_at = peewee.DateTimeField(null=True)
    last_step = peewee.BigIntegerField(null=True)  # the last accepted time-step: codes are single-use


class BackupCode(Base):
    account = peewee.ForeignKeyField(Account, on_delete="CASCADE")
    code_hash = peewee.CharField(max_length=64)
    used_at = peewee.DateTimeField(null=True)


class LoginAttempt(Base):
    """Every login attempt (ID9, ID10); account is null when the email is unknown."""

    account = peewee.ForeignKeyField(Account, null=True, on_delete="CASCADE")
    at = peewee.DateTimeField(default=utcnow, index=True)
    ip = peewee.CharField(max_length=64, default="", index=True)
    user_agent = peewee.CharField(max_length=300, default="")
    device = peewee.CharField(max_length=64, default="")
    success = peewee.BooleanField()


class KnownDevice(Base):
    """A (device cookie, network prefix) an account logged in from (ID8)."""

    account = peewee.ForeignKeyField(Account, on_delete="CASCADE")
    device = peewee.CharField(max_length=64)
    network = peewee.CharField(max_length=64)
    first_seen_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("account", "device", "network"), True),)


class IdentityVerificationCase(Base):
    """A manual identity check for staff (ID5, ID7): opened instead of disclosing anything.

    reason: login-email-recovery (ID5: no account matched the mobile) or two-factor-lost
    (ID7: password right, no device and no backup code). Staff close it with
    `python -m services.identity cases resolve` (services/identity/cases.py)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    status = peewee.CharField(max_length=20, default="open")  # open | verified | rejected
    reason = peewee.CharField(max_length=40)
    submitted = peewee.TextField()  # JSON of what the person entered
    created_at = peewee.DateTimeField(default=utcnow)
    account_id = peewee.UUIDField(null=True, index=True)  # known for two-factor-lost
    resolved_at = peewee.DateTimeField(null=True)
    resolved_by = peewee.CharField(max_length=100, null=True)  # the staff member, as they sign
    resolution_note = peewee.TextField(null=True)


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
outbox = Outbox(OutboxEvent, "identity", PRODUCED)
ScheduledRun = run_table(db)  # services/common/runs.py
OutboundMessage = message_table(db)
messages = Messages(OutboundMessage)  # mail and SMS, sent by the worker after commit
