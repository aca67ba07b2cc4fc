"""Partner's tables. Bound to its own database at start-up (`app.init_database`)."""
import peewee

from services.common.clock import utcnow
from services.common.outbox import Outbox, event_tables
from services.common.revocations import revocation_table

from .events import PRODUCED

db = peewee.DatabaseProxy()


class Base(peewee.Model):
    class Meta:
        database = db


class KnownOrganization(Base):
    """Partner's copy of an organization: who may apply (PA1) and who can be linked (PA4)."""

    organization_id = peewee.UUIDField(primary_key=True)
    name = peewee.CharField(max_length=100)
    kind = peewee.CharField(max_length=20)
    currency = peewee.CharField(max_length=3)
    recorded_at = peewee.DateTimeField(default=utcnow)


OutboxEvent, ProcessedEvent = event_tables(db)
RevokedCredential = revocation_table(db)  # identity's revoked sessions and tokens (ID12)
outbox = Outbox(OutboxEvent, "partner", PRODUCED)
