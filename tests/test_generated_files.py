"""Generated documents stay in step with the code that defines them."""
import json
from pathlib import Path

from services.common import catalogue, definitions

ROOT = Path(__file__).resolve().parents[1]


def test_event_catalogue_is_up_to_date():
    committed = (ROOT / "docs/events.md").read_text()
    assert committed == catalogue.render(), "regenerate: python -m services.common.catalogue > docs/events.md"


def test_event_catalogue_documents_every_field_of_every_event():
    text = catalogue.render()
    from services.common.events import CATALOGUE
    for event_type, (_version, schema) in CATALOGUE.items():
        assert f"`{event_type}`" in text
        for name in schema().fields:
            assert f"`{name}`" in text or f".{name}`" in text


def test_rabbitmq_definitions_are_up_to_date():
    committed = json.loads((ROOT / "deploy/rabbitmq/definitions.json").read_text())
    assert committed == json.loads(json.dumps(definitions.render())), \
        "regenerate: python -m services.common.definitions > deploy/rabbitmq/definitions.json"


def test_definitions_declare_quorum_queues_and_a_dead_letter_policy_per_service():
    rendered = definitions.render()
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
