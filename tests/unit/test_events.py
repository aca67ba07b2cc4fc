import uuid

import pytest
from marshmallow import ValidationError

from services.common.events import EnvelopeSchema, UnknownEventType, load_payload, make_envelope
from services.identity.events import PRODUCED
from services.orgs.events import CONSUMED

PRODUCED_SCHEMAS = {event_type: schema for event_type, (_version, schema) in PRODUCED.items()}


def registered(**extra):
    return {"account_id": uuid.uuid4(), "email": "a@example.ch", "first_name": "A", "last_name": "B",
            "organization": {"kind": "individual", "name": "A B", "currency": "CHF"}, **extra}


def test_envelope_carries_id_type_time_producer_version_correlation_and_data():
    envelope = make_envelope("identity.account.registered", "identity", registered(), "corr-1", produced=PRODUCED)
    assert set(envelope) == {"id", "type", "occurred_at", "producer", "version", "correlation_id", "data"}
    loaded = EnvelopeSchema().load(envelope)
    assert loaded["producer"] == "identity" and loaded["version"] == 1 and loaded["correlation_id"] == "corr-1"
    assert loaded["occurred_at"].tzinfo is not None


def test_producer_cannot_emit_an_invalid_payload():
    with pytest.raises(ValidationError):
        make_envelope("identity.account.registered", "identity", registered(email="not-an-email"), produced=PRODUCED)
    with pytest.raises(UnknownEventType):
        make_envelope("identity.account.vanished", "identity", {}, produced=PRODUCED)


def test_consumers_ignore_fields_added_by_a_newer_producer():
    data = make_envelope("identity.account.registered", "identity", registered(), produced=PRODUCED)["data"]
    data["mobile"] = "+41 79 000 00 00"
    assert "mobile" not in load_payload(PRODUCED_SCHEMAS, "identity.account.registered", data)
    assert "mobile" not in load_payload(CONSUMED, "identity.account.registered", data)
