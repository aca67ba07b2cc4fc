"""Orgs' tables. Bound to its own database at start-up (`app.init_database`)."""
import secrets
import uuid

import peewee

from services.common.clock import utcnow
from services.common.db import JSONField
from services.common.idempotency import idempotency_table
from services.common.messages import Messages, message_table
from services.common.outbox import Outbox, event_tables
from services.common.revocations import revocation_table
from services.common.runs import run_table

from .events import PRODUCED

db = peewee.DatabaseProxy()


class Base(peewee.Model):
    class Meta:
        database = db


class Organization(Base):
    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    name = peewee.CharField(max_length=100)
    kind = peewee.CharField(max_length=20)
    currency = peewee.CharField(max_length=3)
    created_at = peewee.DateTimeField(default=utcnow)
    # OR1 branding: a square logo or initials, and a rectangular logo; all optional.
    square_logo_url = peewee.CharField(max_length=500, null=True)
    initials = peewee.CharField(max_length=3, null=True)
    rectangular_logo_url = peewee.CharField(max_length=500, null=True)

    @property
    def logo_kinds(self):
        """The kinds of uploaded logo (OR1) it has; lists preload them (logos.with_logos)."""
        if "_logo_kinds" not in self.__dict__:
            self._logo_kinds = {row.kind for row in OrganizationLogo.select(OrganizationLogo.kind)
                                .where(OrganizationLogo.organization == self.id)}
        return self._logo_kinds

    @logo_kinds.setter
    def logo_kinds(self, kinds):
        self._logo_kinds = set(kinds)


class OrganizationLogo(Base):
    """OR1: an uploaded logo, re-encoded as PNG (services/orgs/images.py); one per kind."""

    organization = peewee.ForeignKeyField(Organization, backref="logos", on_delete="CASCADE")
    kind = peewee.CharField(max_length=20)  # square | rectangular
    png = peewee.BlobField()
    sha256 = peewee.CharField(max_length=64)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "organization_logo"
        indexes = ((("organization", "kind"), True),)


class Membership(Base):
    organization = peewee.ForeignKeyField(Organization, backref="memberships", on_delete="CASCADE")
    account_id = peewee.UUIDField(index=True)
    role = peewee.CharField(max_length=30)
    external = peewee.BooleanField(default=False)
    created_at = peewee.DateTimeField(default=utcnow)
    # Orgs knows no accounts: the address comes from the sign-up event or the invitation.
    email = peewee.CharField(max_length=254, null=True, index=True)
    product_ids = JSONField(null=True)  # OR6: products granted directly
    billing_rights = peewee.BooleanField(default=False)
    contact_preferences = JSONField(null=True)  # OR4: {"billing": bool, "technical": bool, "legal": bool}
    # OR8: products of this organization the membership is bound to (its kSuite account, a login
    # address inside its mail service): [{"product_id", "kind", "label"}], set by those products.
    bound_products = JSONField(null=True)
    # PA5: an external member who is an internal member of a partner with an active link to
    # this organization was upgraded when the link started: that link (None: not upgraded).
    via_link_id = peewee.UUIDField(null=True)

    class Meta:
        indexes = ((("organization", "account_id"), True),)


class AccountProfile(Base):
    """What orgs knows of a person beyond a membership, from identity's events: the name the
    members list shows and the language orgs' mails to them are written in."""

    account_id = peewee.UUIDField(primary_key=True)
    first_name = peewee.CharField(max_length=100, null=True)
    last_name = peewee.CharField(max_length=100, null=True)
    language = peewee.CharField(max_length=5, null=True)  # one of i18n.LANGUAGES, or not said
    as_of = peewee.DateTimeField()  # when identity said so (the event's occurred_at, naive UTC)

    class Meta:
        table_name = "account_profile"


def new_token():
    return secrets.token_urlsafe(32)


class Invitation(Base):
    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = peewee.ForeignKeyField(Organization, backref="invitations", on_delete="CASCADE")
    token = peewee.CharField(max_length=64, unique=True, default=new_token)
    email = peewee.CharField(max_length=254, index=True)
    role = peewee.CharField(max_length=30)
    external = peewee.BooleanField(default=False)
    product_ids = JSONField(null=True)
    billing_rights = peewee.BooleanField(default=False)
    contact_preferences = JSONField(null=True)
    status = peewee.CharField(max_length=20, default="pending")  # pending accepted declined withdrawn
    invited_by = peewee.UUIDField(null=True)  # None: created for a partner (client-organizations)
    created_at = peewee.DateTimeField(default=utcnow)
    expires_at = peewee.DateTimeField()
    answered_at = peewee.DateTimeField(null=True)
    account_id = peewee.UUIDField(null=True)  # who accepted
    language = peewee.CharField(max_length=5, null=True)  # of the mail, when no account has the address
    # PA4: the partner that created this organization for the invited legal representative.
    partner_organization_id = peewee.UUIDField(null=True)
    first_name = peewee.CharField(max_length=100, null=True)  # as the partner gave them
    last_name = peewee.CharField(max_length=100, null=True)


class Team(Base):
    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = peewee.ForeignKeyField(Organization, backref="teams", on_delete="CASCADE")
    name = peewee.CharField(max_length=100)
    lead_account_id = peewee.UUIDField(null=True)
    product_ids = JSONField(null=True)  # OR11: access the whole team receives
    created_at = peewee.DateTimeField(default=utcnow)


class TeamMember(Base):
    team = peewee.ForeignKeyField(Team, backref="members", on_delete="CASCADE")
    account_id = peewee.UUIDField(index=True)
    added_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("team", "account_id"), True),)


class SupportGrant(Base):
    """OR12: one row per grant; active while not revoked and younger than 7 days."""

    organization = peewee.ForeignKeyField(Organization, backref="support_grants", on_delete="CASCADE")
    content_type = peewee.CharField(max_length=20)
    granted_by = peewee.UUIDField()
    granted_at = peewee.DateTimeField(default=utcnow)
    revoked_at = peewee.DateTimeField(null=True)


class DelegatedGrant(Base):
    """PA5-PA8, PX1 projected from partner's `partner.link.*` events (delegations.py): what a
    partner may do in a client. id = the link's id; only the highest `version` is kept."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    partner_organization_id = peewee.UUIDField(index=True)
    client_organization_id = peewee.UUIDField(index=True)
    scope = peewee.CharField(max_length=20)  # limited | full
    products = JSONField(null=True)  # {product_id: {"technical": bool, "statistics": bool}}
    billing = peewee.BooleanField(default=False)
    status = peewee.CharField(max_length=20, default="active")  # active | ended (any other link status)
    created_at = peewee.DateTimeField(default=utcnow)
    ends_at = peewee.DateTimeField(null=True)  # PX1: no access from then on, event or not
    version = peewee.IntegerField(default=0)  # the link state's version this row holds
    payer = peewee.CharField(max_length=20, default="client")  # PA8: client | partner
    auto_extend = peewee.BooleanField(default=False)


class DelegatedAssignment(Base):
    """PA7 projected from `partner.assignment.changed`: which collaborator of the partner manages
    the link's client, on which products (None: all the link grants)."""

    id = peewee.UUIDField(primary_key=True)  # the assignment's id in the partner service
    link_id = peewee.UUIDField(index=True)  # = DelegatedGrant.id
    account_id = peewee.UUIDField(index=True)
    products = JSONField(null=True)
    active = peewee.BooleanField(default=True)
    version = peewee.IntegerField(default=0)

    class Meta:
        table_name = "delegated_assignment"


class Elevation(Base):
    """PX3: a partner user's request for technical rights on one product of a client for a few
    hours; `expires_at` = approval + hours, read by the access check on the shared clock."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    client_organization_id = peewee.UUIDField(index=True)
    link_id = peewee.UUIDField(index=True)
    account_id = peewee.UUIDField(index=True)
    product_id = peewee.UUIDField()
    right = peewee.CharField(max_length=20, default="technical")
    hours = peewee.IntegerField()
    reason = peewee.TextField()
    status = peewee.CharField(max_length=20, default="pending")  # pending approved declined (expired: computed)
    preapproved = peewee.BooleanField(default=False)
    requested_at = peewee.DateTimeField(default=utcnow)
    decided_at = peewee.DateTimeField(null=True)
    decided_by = peewee.UUIDField(null=True)  # None: approved at once (pre-approved product)
    expires_at = peewee.DateTimeField(null=True)


class ElevationPreapproval(Base):
    """PX3: a product of the client on which elevations are approved at request."""

    organization_id = peewee.UUIDField()
    product_id = peewee.UUIDField()
    set_by = peewee.UUIDField()
    set_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "elevation_preapproval"
        indexes = ((("organization_id", "product_id"), True),)


class AuditEntry(Base):
    """OR14: who did what, for which organization, through which delegation. No foreign key:
    the log outlives a deleted organization."""

    id = peewee.AutoField()
    organization_id = peewee.UUIDField(index=True)
    actor_id = peewee.UUIDField(null=True, index=True)
    delegation_id = peewee.UUIDField(null=True)
    action = peewee.CharField(max_length=60, index=True)
    target = peewee.CharField(max_length=200, null=True)
    outcome = peewee.CharField(max_length=20)  # allowed | denied
    detail = peewee.TextField(null=True)
    at = peewee.DateTimeField(default=utcnow, index=True)


OutboxEvent, ProcessedEvent = event_tables(db)
RevokedCredential = revocation_table(db)  # identity's revoked sessions and tokens (ID12)
outbox = Outbox(OutboxEvent, "orgs", PRODUCED)
ScheduledRun = run_table(db)  # services/common/runs.py
OutboundMessage = message_table(db)
messages = Messages(OutboundMessage)  # mail and SMS, sent by the worker after commit
IdempotencyRecord = idempotency_table(db)  # Idempotency-Key answers, replayed for 24 h
