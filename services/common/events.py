"""The event envelope, and the payload schemas each service hands to common.

Each service declares its events in its own `events.py`:
- `PRODUCED` {type: (version, payload schema)}: what it emits. Its Outbox validates every
  payload with it, and docs/events.md is generated from every service's PRODUCED.
- `CONSUMED` {type: payload schema}: the fields it reads of the events it handles, written
  by the consumer (tolerant reader): a consumer never imports the producer's package, and
  unknown fields are excluded, so a producer can add a field without breaking anyone.
  tests/test_event_contracts.py checks each against the producer's schema.
Common receives these maps (Outbox, Consumer) and never imports a service.
"""
import functools
import uuid

from marshmallow import EXCLUDE, RAISE, fields, validate

from . import clock
from .schema import Schema


class EnvelopeSchema(Schema):
    class Meta:
        unknown = RAISE

    id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.Length(min=3, max=200))
    occurred_at = fields.AwareDateTime(required=True)
    producer = fields.String(required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    correlation_id = fields.String(required=True, allow_none=True)
    data = fields.Dict(required=True)


class Payload(Schema):
    """The base of every payload schema, produced or consumed."""

    class Meta:
        unknown = EXCLUDE


class UnknownEventType(ValueError):
    pass


def load_payload(schemas, event_type, data):
    """The payload of `event_type` loaded with its schema in `schemas` ({type: schema})."""
    try:
        schema = schemas[event_type]
    except KeyError:
        raise UnknownEventType(event_type) from None
    return _instance(schema).load(data)


@functools.lru_cache(maxsize=None)
def _instance(schema):
    """One instance per payload schema: building one (its fields deep-copied) cost 85 % of an
    emit (bench/README.md, "Invoices"); an instance is safe to share for load and dump."""
    return schema()


def make_envelope(event_type, producer, data, correlation_id=None, *, produced):
    """A validated envelope, as a JSON-ready dict; `produced` is the producer's PRODUCED."""
    version, schema = produced.get(event_type, (None, None))
    if schema is None:
        raise UnknownEventType(event_type)
    schema = _instance(schema)
    payload = schema.dump(schema.load(schema.dump(data)))
    return _instance(EnvelopeSchema).dump(
        {
            "id": uuid.uuid4(),
            "type": event_type,
            "occurred_at": clock.now(),
            "producer": producer,
            "version": version,
            "correlation_id": correlation_id,
            "data": payload,
        }
    )
