"""Orgs' tables. Bound to its own database at start-up (`app.init_database`)."""
import uuid

import peewee

from services.common.outbox import Outbox, event_tables, utcnow

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


class Membership(Base):
    organization = peewee.ForeignKeyField(Organization, backref="memberships", on_delete="CASCADE")
    account_id = peewee.UUIDField(index=True)
    role = peewee.CharField(max_length=30)
    external = peewee.BooleanField(default=False)
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("organization", "account_id"), True),)


OutboxEvent, ProcessedEvent = event_tables(db)
outbox = Outbox(OutboxEvent, "orgs")
