"""The outbox commits with the change; the consumer applies an event once (on a real database)."""
import json
import uuid

import pytest

from services.common import migrations
from services.common.consumer import Consumer
from services.common.events import EnvelopeSchema, make_envelope
from services.common.outbox import OutsideTransaction
from services.orgs import app as orgs_app
from services.identity.events import PRODUCED as IDENTITY_EVENTS
from services.orgs import handlers as orgs_handlers
from services.orgs.events import CONSUMED
from services.orgs.migrations import STEPS as ORGS_STEPS
from services.orgs.models import Membership, Organization, OutboxEvent, ProcessedEvent, db, outbox
from tests.conftest import service_config


@pytest.fixture
def orgs_db(tmp_path, databases):
    config = service_config(orgs_app, tmp_path, databases, "orgs")
    database = orgs_app.init_database(config)
    yield config, database
    database.close()


def registered_envelope():
    data = {"account_id": uuid.uuid4(), "email": "lea@example.org", "first_name": "Léa", "last_name": "Martin",
            "organization": {"kind": "individual", "name": "Léa Martin", "currency": "EUR"}}
    return EnvelopeSchema().load(make_envelope("identity.account.registered", "identity", data, "corr-7", produced=IDENTITY_EVENTS))


def test_an_event_cannot_be_emitted_outside_a_transaction(orgs_db):
    with pytest.raises(OutsideTransaction):
        outbox.emit("orgs.organization.created", {})


def test_a_rolled_back_change_leaves_no_event(orgs_db):
    with pytest.raises(RuntimeError):
        with db.atomic():
            Organization.create(name="Ghost", kind="company", currency="CHF")
            outbox.emit("orgs.organization.created", {
                "organization_id": uuid.uuid4(), "name": "Ghost", "kind": "company", "currency": "CHF",
                "legal_representative_id": uuid.uuid4()})
            raise RuntimeError("the use case fails after emitting")
    assert Organization.select().count() == 0 and OutboxEvent.select().count() == 0


def test_id3_registered_account_becomes_legal_representative_of_its_new_organization(orgs_db):
    config, database = orgs_db
    consumer = Consumer(config, database, ProcessedEvent, orgs_handlers.SUBSCRIPTIONS, CONSUMED)
    envelope = registered_envelope()
    assert consumer.apply(envelope) == "applied"
    organization = Organization.get()
    assert (organization.name, organization.kind, organization.currency) == ("Léa Martin", "individual", "EUR")
    member = Membership.get()
    assert str(member.account_id) == envelope["data"]["account_id"] and member.role == "legal_representative"
    created = json.loads(OutboxEvent.get().envelope)
    assert created["type"] == "orgs.organization.created"


def test_the_same_event_applied_twice_changes_state_once(orgs_db):
    config, database = orgs_db
    consumer = Consumer(config, database, ProcessedEvent, orgs_handlers.SUBSCRIPTIONS, CONSUMED)
    envelope = registered_envelope()
    assert [consumer.apply(envelope), consumer.apply(envelope)] == ["applied", "duplicate"]
    assert Organization.select().count() == 1 and OutboxEvent.select().count() == 1
    assert ProcessedEvent.select().count() == 1


def test_a_failing_handler_leaves_no_trace(orgs_db):
    config, database = orgs_db
    consumer = Consumer({**config, "FAILPOINTS": "handler.raise"}, database, ProcessedEvent, orgs_handlers.SUBSCRIPTIONS, CONSUMED)
    with pytest.raises(RuntimeError):
        consumer.apply(registered_envelope())
    assert Organization.select().count() == 0 and ProcessedEvent.select().count() == 0


def test_migrations_apply_once_and_are_recorded(orgs_db):
    _config, database = orgs_db
    assert migrations.apply(database, "orgs", ORGS_STEPS) == []
    assert migrations.applied_versions(database) == {version for version, _name, _fn in ORGS_STEPS}


def test_primary_key_lookups_reuse_their_sql_and_still_answer_404(orgs_db):
    from services.common.db import get_by_key
    from services.common.errors import NotFound

    created = Organization.create(name="Alpine Web", kind="company", currency="CHF")
    assert get_by_key(Organization, created.id).name == "Alpine Web"
    assert get_by_key(Organization, str(created.id)).id == created.id
    with pytest.raises(NotFound):
        get_by_key(Organization, uuid.uuid4(), detail="No such organization.")
