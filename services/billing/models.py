"""Billing's tables. Bound to its own database at start-up (`app.init_database`)."""
import peewee

from services.common.outbox import Outbox, event_tables, utcnow

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


OutboxEvent, ProcessedEvent = event_tables(db)
outbox = Outbox(OutboxEvent, "billing")
