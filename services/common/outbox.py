"""Transactional outbox: events are rows written in the transaction of the change.

Each service makes its own pair of tables with `event_tables(proxy)`; `Outbox.emit`
refuses to run outside a transaction, so an event can never be committed without the
state change that caused it, nor the change without its event. The relay
(`services.common.relay`) publishes the rows later.
"""
import json
import uuid

import peewee

from .clock import utcnow
from .db import insert_row, insert_rows
from .events import make_envelope
from .logs import correlation_id


def event_tables(proxy):
    """The outbox and processed-events models of one service, bound to its database proxy."""

    class OutboxEvent(peewee.Model):
        seq = peewee.AutoField()
        event_id = peewee.UUIDField(unique=True)
        type = peewee.CharField(max_length=200)
        envelope = peewee.TextField()
        created_at = peewee.DateTimeField(default=utcnow)
        published_at = peewee.DateTimeField(null=True, index=True)

        class Meta:
            database = proxy
            table_name = "outbox"

    class ProcessedEvent(peewee.Model):
        event_id = peewee.UUIDField(primary_key=True)
        type = peewee.CharField(max_length=200)
        processed_at = peewee.DateTimeField(default=utcnow)

        class Meta:
            database = proxy
            table_name = "processed_events"

    return OutboxEvent, ProcessedEvent


class OutsideTransaction(RuntimeError):
    pass


class Outbox:
    def __init__(self, model, producer, produced):
        """`produced` is the producer's PRODUCED ({type: (version, payload schema)})."""
        self.model = model
        self.producer = producer
        self.produced = produced

    def emit(self, event_type, data):
        """Record an event; must be called inside the use case's `db.atomic()` block."""
        database = self.model._meta.database
        if not database.in_transaction():
            raise OutsideTransaction(f"{event_type} emitted outside a transaction")
        envelope = make_envelope(event_type, self.producer, data, correlation_id.get(),
                                 produced=self.produced)
        # insert_row: emitting is on every use case's path (bench/README.md, "Invoices").
        insert_row(self.model, event_id=uuid.UUID(envelope["id"]), type=event_type, envelope=json.dumps(envelope))
        return envelope

    def emit_many(self, event_type, payloads):
        """`emit` for many events of one type (a batch run's chunk): each payload validated as
        `emit` does, the rows written by multi-row INSERTs; the envelopes returned."""
        database = self.model._meta.database
        if not database.in_transaction():
            raise OutsideTransaction(f"{event_type} emitted outside a transaction")
        envelopes = [make_envelope(event_type, self.producer, data, correlation_id.get(), produced=self.produced)
                     for data in payloads]
        insert_rows(self.model, [{"event_id": uuid.UUID(envelope["id"]), "type": event_type,
                                  "envelope": json.dumps(envelope)} for envelope in envelopes])
        return envelopes

    def pending(self, limit):
        model = self.model
        return list(
            model.select(model.seq, model.event_id, model.type, model.envelope)
            .where(model.published_at.is_null())
            .order_by(model.seq)
            .limit(limit)
        )

    def mark_published(self, seqs):
        model = self.model
        for start in range(0, len(seqs), 500):
            chunk = seqs[start : start + 500]
            model.update(published_at=utcnow()).where(model.seq.in_(chunk)).execute()

    def unpublished_count(self):
        return self.model.select().where(self.model.published_at.is_null()).count()
