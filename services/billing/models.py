"""Billing's tables. Bound to its own database at start-up (`app.init_database`)."""
import uuid

import peewee

from services.common.db import money_property
from services.common.clock import utcnow
from services.common.outbox import Outbox, event_tables
from services.common.revocations import revocation_table

from .events import PRODUCED

db = peewee.DatabaseProxy()


class Base(peewee.Model):
    class Meta:
        database = db


class BillingAccount(Base):
    """One per organization: its currency and prepaid balance, in minor units (BI8, BI14)."""

    organization_id = peewee.UUIDField(primary_key=True)
    currency = peewee.CharField(max_length=3)
    prepaid_balance_minor = peewee.BigIntegerField(default=0)
    opened_at = peewee.DateTimeField(default=utcnow)
    prepaid_balance = money_property("prepaid_balance_minor")


class Product(Base):
    """A billed service an organization holds (BI1)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    organization_id = peewee.UUIDField(index=True)
    type = peewee.CharField(max_length=40)
    name = peewee.CharField(max_length=200)
    price_minor = peewee.BigIntegerField()
    currency = peewee.CharField(max_length=3)
    period_months = peewee.IntegerField(default=12)
    started_on = peewee.DateField()
    expires_on = peewee.DateField()
    status = peewee.CharField(max_length=20, default="active")  # active suspended terminated cancelled
    price = money_property("price_minor")


class Invoice(Base):
    """An issued invoice (BI5); `paid_at` stays empty until it is paid."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    organization_id = peewee.UUIDField(index=True)
    number = peewee.CharField(max_length=30, unique=True)
    currency = peewee.CharField(max_length=3)
    total_minor = peewee.BigIntegerField()
    issued_at = peewee.DateTimeField(default=utcnow)
    due_on = peewee.DateField()
    paid_at = peewee.DateTimeField(null=True)
    total = money_property("total_minor")


OutboxEvent, ProcessedEvent = event_tables(db)
RevokedCredential = revocation_table(db)  # identity's revoked sessions and tokens (ID12)
outbox = Outbox(OutboxEvent, "billing", PRODUCED)
