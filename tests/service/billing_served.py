"""Shared pieces of billing's service tests: the real orgs over HTTP (billing asks its access
check and its contacts), identity over HTTP (billing's own client-credentials token), the
billing app trusting identity's keys, and people with user tokens of scope `billing`.

    from .billing_served import billing, orgs  # noqa: F401 - fixtures (billing needs the served orgs)

    def test_something(billing):
        team = billing.team()                      # an organization with a member of each role
        team.legal.post(f"/v1/organizations/{team.org}/orders", {})
        billing.app                                # the billing app; billing.orgs_app the orgs one

`team()` opens the organization's billing account as orgs' `organization.created` event
would (`service.open_billing_account`): tests run no broker.
"""
import json
import uuid
from dataclasses import dataclass

import pytest

from services.billing import app as billing_app
from services.billing import models as billing_models
from services.billing import service as billing_service
from services.orgs.models import AccountProfile, Membership
from tests.conftest import mint_user_token, service_config

from .conftest import trust_identity
from .served import orgs, serve  # noqa: F401 - the fixture `orgs` is used below

PERSON_SCOPE = "openid orgs billing"


class Person:
    """An account with a user token good for orgs and billing (scope `orgs billing`; a subclass
    names other SCOPE and AUDIENCE)."""

    SCOPE, AUDIENCE = PERSON_SCOPE, ["orgs", "billing"]

    def __init__(self, system, email, language=None):
        self.system, self.email, self.id = system, email, str(uuid.uuid4())
        identity = system.identity
        self.token = mint_user_token(identity.config["VAR_DIR"], identity.config["ISSUER"], self.id,
                                     self.SCOPE, self.AUDIENCE, ttl=1800)
        self.language = language

    def call(self, method, path, json=None, app=None, **kwargs):
        """A request to billing (or to `app`, e.g. system.orgs_app) as this person."""
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        client = (app or self.system.app).test_client()
        return client.open(path, method=method.upper(), json=json, headers=headers, **kwargs)

    def get(self, path, **kwargs):
        return self.call("get", path, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.call("post", path, json, **kwargs)

    def put(self, path, json=None, **kwargs):
        return self.call("put", path, json, **kwargs)

    def patch(self, path, json=None, **kwargs):
        return self.call("patch", path, json, **kwargs)

    def delete(self, path, **kwargs):
        return self.call("delete", path, **kwargs)


@dataclass
class Team:
    """One organization and a person in each position the access check tells apart."""

    org: str
    currency: str
    legal: Person  # the founder: legal representative (billing rights always)
    admin: Person  # administrator without billing rights: products yes, invoices no (BI13)
    accountant: Person  # collaborator with billing rights
    collaborator: Person  # collaborator without billing rights nor products
    outsider: Person  # no membership at all

    @property
    def base(self):
        return f"/v1/organizations/{self.org}"


def emitted(event_type):
    """The payloads (`data`) billing's outbox holds of `event_type`, oldest first."""
    rows = billing_models.OutboxEvent.select().where(billing_models.OutboxEvent.type == event_type)
    return [json.loads(row.envelope)["data"] for row in rows.order_by(billing_models.OutboxEvent.seq)]


class BillingSystem:
    def __init__(self, app, orgs_app, identity):
        self.app, self.orgs_app, self.identity = app, orgs_app, identity
        self._count = 0

    def person(self, email=None, language=None):
        self._count += 1
        person = Person(self, email or f"person{self._count}@example.ch", language)
        if language:
            AccountProfile.create(account_id=person.id, language=language, as_of=self._now())
        return person

    @staticmethod
    def _now():
        from services.common import clock
        return clock.utcnow()

    def organization(self, founder, name="Alpine Web", currency="CHF"):
        """A company founded through orgs' API, with its billing account opened."""
        response = founder.call("post", "/v1/organizations", {"name": name, "kind": "company", "currency": currency},
                                app=self.orgs_app)
        assert response.status_code == 201, response.get_json()
        org = response.get_json()["id"]
        # Orgs learns addresses from sign-up events; here the founder's is recorded directly.
        Membership.update(email=founder.email).where(Membership.account_id == founder.id).execute()
        billing_service.open_billing_account(org, currency)
        return org

    @staticmethod
    def member(org, person, role="collaborator", external=False, **rights):
        """A membership as an accepted invitation leaves it (rights: billing_rights, product_ids)."""
        return Membership.create(organization=org, account_id=person.id, role=role, external=external,
                                 email=person.email, **rights)

    @staticmethod
    def grant(org, person, *product_ids):
        """OR6: grant a collaborator these products directly."""
        membership = Membership.get((Membership.organization == org) & (Membership.account_id == person.id))
        membership.product_ids = [str(p) for p in (membership.product_ids or [])] + [str(p) for p in product_ids]
        membership.save()

    def team(self, currency="CHF", name="Alpine Web", prefix="t"):
        self._count += 1
        tag = f"{prefix}{self._count}"
        legal = self.person(f"legal.{tag}@example.ch", "en")
        org = self.organization(legal, name, currency)
        admin, accountant = self.person(f"admin.{tag}@example.ch", "fr"), self.person(f"accounts.{tag}@example.ch")
        collaborator, outsider = self.person(f"collab.{tag}@example.ch"), self.person(f"out.{tag}@example.ch")
        self.member(org, admin, "administrator")
        self.member(org, accountant, billing_rights=True)
        self.member(org, collaborator)
        return Team(org, currency, legal, admin, accountant, collaborator, outsider)


@pytest.fixture
def billing(tmp_path, databases, identity, orgs, smtp_server):  # noqa: F811 - orgs is the served fixture
    """A BillingSystem: the billing app (its mail to the test SMTP server) asking the real orgs over HTTP
    with its own token from the real identity over HTTP."""
    identity_server = serve(identity)
    config = service_config(billing_app, tmp_path, databases, "billing", SMTP_URL=smtp_server.url,
                            TOKEN_URL=f"http://127.0.0.1:{identity_server.server_port}/oauth/token")
    config["SERVICE_URLS"] = {**config["SERVICE_URLS"], "orgs": orgs["url"]}
    app = trust_identity(billing_app.create_app(config), identity)
    smtp_server.deliver_from(app, billing_models.messages)
    yield BillingSystem(app, orgs["app"], identity)
    identity_server.shutdown()
    app.extensions["database"].close()
