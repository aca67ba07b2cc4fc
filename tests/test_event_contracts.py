"""Each service owns the events it produces (PRODUCED in its events.py) and reads others' events
with its own schema of the fields it uses (CONSUMED). These tests hold the two sides together:
a consumer may only read what its producer sends, with the same type, and must accept every
value the producer may send."""
from importlib import import_module

import pytest
from marshmallow import fields

from services import SERVICES
from services.common.events import Payload

EVENTS = {name: import_module(f"services.{name}.events") for name in SERVICES}
HANDLERS = {name: import_module(f"services.{name}.handlers") for name in SERVICES}
CONSUMED = [(name, event_type) for name in SERVICES for event_type in EVENTS[name].CONSUMED]


def _choices(field):
    return next((set(v.choices) for v in field.validators if hasattr(v, "choices")), None)


def _mismatches(consumer, producer, path=""):
    """What `consumer` (a schema) expects that `producer` does not guarantee."""
    found = []
    for name, wanted in consumer.fields.items():
        sent = producer.fields.get(name)
        where = f"{path}{name}"
        if sent is None:
            found.append(f"{where}: not in the producer's payload")
            continue
        if type(wanted) is not type(sent):
            found.append(f"{where}: {type(wanted).__name__} here, {type(sent).__name__} from the producer")
        elif isinstance(wanted, fields.List) and type(wanted.inner) is not type(sent.inner):
            found.append(f"{where}: a list of {type(wanted.inner).__name__}, not of {type(sent.inner).__name__}")
        if wanted.required and not sent.required:
            found.append(f"{where}: required here, optional from the producer")
        accepted, sendable = _choices(wanted), _choices(sent)
        if accepted is not None and (sendable is None or not sendable <= accepted):
            found.append(f"{where}: accepts {sorted(accepted)}, the producer may send {sorted(sendable or ['anything'])}")
        if isinstance(wanted, fields.Nested) and isinstance(sent, fields.Nested):
            found += _mismatches(wanted.schema, sent.schema, f"{where}.")
    return found


@pytest.mark.parametrize("consumer, event_type", CONSUMED, ids=lambda value: value)
def test_a_consumer_reads_only_what_the_producer_guarantees(consumer, event_type):
    producer = event_type.split(".")[0]
    assert event_type in EVENTS[producer].PRODUCED, f"{consumer} consumes {event_type}, which {producer} does not produce"
    _version, produced = EVENTS[producer].PRODUCED[event_type]
    read = EVENTS[consumer].CONSUMED[event_type]
    assert issubclass(read, Payload), "consumer-side schemas exclude unknown fields"
    assert not _mismatches(read(), produced())


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_has_a_payload_schema_for_every_event_it_handles(service):
    assert set(HANDLERS[service].SUBSCRIPTIONS) == set(EVENTS[service].CONSUMED)


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_produces_only_events_named_service_aggregate_event(service):
    for event_type, (version, schema) in EVENTS[service].PRODUCED.items():
        assert event_type.split(".")[0] == service and len(event_type.split(".")) == 3, event_type
        assert version >= 1 and issubclass(schema, Payload)


def test_the_contract_check_sees_a_consumer_reading_more_than_is_sent():
    class Sent(Payload):
        kind = fields.String(required=True)

    class Read(Payload):
        kind = fields.String(required=True, validate=lambda _: True)
        extra = fields.UUID(required=True)

    assert _mismatches(Read(), Sent()) == ["extra: not in the producer's payload"]
    assert _mismatches(Sent(), Sent()) == []
