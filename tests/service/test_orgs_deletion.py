"""OR13 deletion: orgs asks the real billing app over HTTP with its own client-credentials token."""
import json
import threading
import uuid
from datetime import date

import pytest
from werkzeug.serving import make_server

from services.billing import app as billing_app
from services.billing import service as billing_service
from services.billing.models import Product
from services.orgs import app as orgs_app
from services.orgs.models import AuditEntry, Membership, Organization, OutboxEvent
from tests.conftest import service_config

from .conftest import trust_identity
from .orgs_support import Person, add_member


@pytest.fixture
def serve():
    servers = []

    def start(app):
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture
def billing(tmp_path, databases, identity):
    app = trust_identity(billing_app.create_app(service_config(billing_app, tmp_path, databases, "billing")), identity)
    yield app
    app.extensions["database"].close()


def make_orgs(tmp_path, databases, identity, billing_url, identity_url):
    config = service_config(orgs_app, tmp_path, databases, "orgs", TOKEN_URL=f"{identity_url}/oauth/token")
    config["SERVICE_URLS"] = {**config["SERVICE_URLS"], "billing": billing_url}
    return trust_identity(orgs_app.create_app(config), identity)


@pytest.fixture
def system(tmp_path, databases, identity, billing, serve):
    identity_url, billing_url = serve(identity), serve(billing)
    orgs = make_orgs(tmp_path, databases, identity, billing_url, identity_url)
    yield orgs
    orgs.extensions["database"].close()


def test_or13_an_organization_with_nothing_open_is_deleted(system, identity):
    anna, carl = Person(system, identity, "anna@example.ch"), Person(system, identity, "carl@example.ch")
    org = anna.create_org()
    add_member(org, carl, "administrator")
    billing_service.open_billing_account(uuid.UUID(org), "CHF")
    refused = carl.call("delete", f"/v1/organizations/{org}")
    assert refused.status_code == 403 and refused.get_json()["rule"] == "OR14"
    assert anna.call("delete", f"/v1/organizations/{org}").status_code == 204
    assert Organization.select().count() == 0 and Membership.select().count() == 0
    deleted = json.loads(OutboxEvent.get(OutboxEvent.type == "orgs.organization.deleted").envelope)["data"]
    assert deleted == {"organization_id": org, "deleted_by": anna.id}
    assert AuditEntry.get((AuditEntry.action == "organization.delete") & (AuditEntry.outcome == "allowed"))
    assert anna.call("get", f"/v1/organizations/{org}").status_code == 404


def test_or13_open_products_block_deletion_and_the_problem_names_each_blocker(system, identity):
    anna = Person(system, identity, "anna@example.ch")
    org = anna.create_org()
    billing_service.open_billing_account(uuid.UUID(org), "CHF")
    Product.create(organization_id=uuid.UUID(org), billed_organization_id=uuid.UUID(org), type="domain-ch",
                   family="domain", name="alpine.ch", price_minor=1500, currency="CHF",
                   started_on=date(2026, 1, 1), expires_on=date(2027, 1, 1))
    refused = anna.call("delete", f"/v1/organizations/{org}")
    body = refused.get_json()
    assert refused.status_code == 422 and body["rule"] == "OR13"
    assert [b["reason"] for b in body["blockers"]] == ["products"] and "1 product(s)" in body["detail"]
    assert Organization.select().count() == 1
    assert not OutboxEvent.select().where(OutboxEvent.type == "orgs.organization.deleted").exists()
    assert AuditEntry.get((AuditEntry.action == "organization.delete") & (AuditEntry.outcome == "denied"))


def test_or13_billing_unreachable_is_a_503_problem_and_nothing_is_deleted(tmp_path, databases, identity, serve):
    orgs = make_orgs(tmp_path, databases, identity, "http://127.0.0.1:9", serve(identity))
    anna = Person(orgs, identity, "anna@example.ch")
    org = anna.create_org()
    response = anna.call("delete", f"/v1/organizations/{org}")
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert Organization.select().count() == 1
    orgs.extensions["database"].close()
