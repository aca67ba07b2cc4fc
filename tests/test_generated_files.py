"""Generated documents stay in step with the code that defines them."""
import pytest

from services import system
from services.common import catalogue, definitions, topology


@pytest.mark.parametrize("path", list(system.generated_files()), ids=lambda path: path.name)
def test_generated_files_are_up_to_date(path):
    """docs/events.md, deploy/rabbitmq/definitions.json and services/subscriptions.json."""
    assert path.read_text() == system.generated_files()[path], "regenerate: python -m services.system"


def test_relays_declare_what_the_services_subscribe_to():
    assert topology.routes() == system.subscriptions()
    assert "identity.account.registered" in topology.routes()["orgs"]


def test_event_catalogue_documents_every_field_of_every_event():
    text = catalogue.render(system.subscriptions(), system.produced())
    for event_type, (_version, schema) in system.produced().items():
        assert f"`{event_type}`" in text
        for name in schema().fields:
            assert f"`{name}`" in text or f".{name}`" in text


def test_definitions_declare_quorum_queues_and_a_dead_letter_policy_per_service():
    rendered = definitions.render(system.subscriptions())
    queues = {q["name"]: q["arguments"] for q in rendered["queues"]}
    for service in ("identity", "orgs", "billing", "partner"):
        assert queues[f"pp.{service}"]["x-queue-type"] == "quorum"
        assert f"pp.{service}.dead" in queues
        retry = queues[f"pp.{service}.retry.1000"]
        assert retry["x-dead-letter-routing-key"] == f"pp.{service}" and retry["x-message-ttl"] == 1000
    policies = {p["name"]: p["definition"] for p in rendered["policies"]}
    assert policies["pp.orgs-poison"]["dead-letter-routing-key"] == "pp.orgs.dead"
    bindings = {(b["destination"], b["routing_key"]) for b in rendered["bindings"]}
    assert ("pp.orgs", "identity.account.registered") in bindings
    assert ("pp.billing", "orgs.organization.created") in bindings
