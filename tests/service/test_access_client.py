"""The access check (OR14) through AccessClient, as billing and partner ask it: their own
client-credentials token from the real identity, the real orgs app over HTTP."""
import uuid

import pytest

from services.billing import app as billing_app
from services.common.access import BATCH_LIMIT
from services.common.errors import Forbidden, NotFound
from services.orgs.models import AuditEntry
from services.partner import app as partner_app
from tests.conftest import service_config

from .orgs_support import Person, add_member
from .served import orgs, serve  # noqa: F401 - fixtures

APPS = {"billing": billing_app, "partner": partner_app}


@pytest.fixture
def caller(tmp_path, databases, identity, orgs):  # noqa: F811 - the fixture imported above
    """make(name): billing's or partner's app, composed by its create_app, asking the real orgs."""
    identity_server = serve(identity)
    apps = []

    def make(name):
        module = APPS[name]
        config = service_config(module, tmp_path, databases, name,
                                TOKEN_URL=f"http://127.0.0.1:{identity_server.server_port}/oauth/token")
        config["SERVICE_URLS"] = {**config["SERVICE_URLS"], "orgs": orgs["url"]}
        apps.append(module.create_app(config))
        return apps[-1]

    yield make
    identity_server.shutdown()
    for app in apps:
        app.extensions["database"].close()


@pytest.fixture
def team(orgs, identity):  # noqa: F811
    anna = Person(orgs["app"], identity, "anna@example.ch")
    carl = Person(orgs["app"], identity, "carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    return anna, carl, org


@pytest.mark.parametrize("name", ["billing", "partner"])
def test_or14_a_service_asks_one_decision_with_its_own_declared_client(caller, team, name):
    anna, carl, org = team
    app = caller(name)
    access = app.extensions["access_client"]
    decision = access.check(anna.id, "organization.update", org)
    assert decision["decision"] == "allow" and decision["via"]["kind"] == "membership"
    assert access.require(anna.id, "organization.update", org) == decision
    with pytest.raises(Forbidden) as refused:
        access.require(carl.id, "organization.update", org)
    assert "OR10" in refused.value.detail and refused.value.extensions["reason"].endswith("(OR10)")
    with pytest.raises(NotFound):
        access.require(anna.id, "organization.read", uuid.uuid4())
    # its other scope: reading organizations
    assert app.extensions["orgs_client"].get(f"/v1/organizations/{org}")["id"] == org


def test_or14_a_denied_write_is_audited_by_orgs_as_asked_through_the_client(caller, team):
    anna, carl, org = team
    caller("billing").extensions["access_client"].check(carl.id, "members.manage", org)
    entry = AuditEntry.get(AuditEntry.action == "members.manage")
    assert str(entry.actor_id) == carl.id and entry.outcome == "denied"


def test_or14_a_batch_answers_in_the_order_asked_in_calls_of_at_most_the_limit(caller, team):
    anna, carl, org = team
    access = caller("billing").extensions["access_client"]
    product = uuid.uuid4()
    asked = [{"subject": anna.id, "action": "product.manage", "organization": org, "product": product},
             {"subject": carl.id, "action": "product.manage", "organization": org, "product": product},
             {"subject": carl.id, "action": "organization.read", "organization": uuid.uuid4()}]
    assert [d["decision"] for d in access.check_many(asked)] == ["allow", "deny", "deny"]
    many = [{"subject": anna.id, "action": "organization.read", "organization": org}] * (BATCH_LIMIT + 5)
    orgs_calls = []
    access.orgs.session.hooks["response"].append(lambda response, **_: orgs_calls.append(response.url))
    decisions = access.check_many(many + asked[1:2])
    assert len(decisions) == BATCH_LIMIT + 6 and decisions[-1]["decision"] == "deny"
    assert all(d["decision"] == "allow" for d in decisions[:-1])
    assert [url.rsplit("/", 1)[1] for url in orgs_calls] == ["check-batch", "check-batch"]
