"""Shared pieces of the partner links' service tests: the real orgs over HTTP (partner asks its
access check, its organizations and its contacts), identity over HTTP (partner's own token and
PA10's password check), the partner app trusting identity's keys, and people with user tokens
of scope `partner` (and `orgs`, to found organizations).

    from .partner_links_served import links_system, orgs  # noqa: F401 - fixtures

    def test_something(links_system):
        partner, client = links_system.partner(), links_system.client()
        partner.legal.post(f"/v1/partners/{partner.org}/links", {...})

Partner rows are written directly (the application flow is the apps helper's), and
organizations are recorded as orgs' `organization.created` event would: tests run no broker.
"""
import json
import uuid

import pytest

from services.common import clock
from services.identity import models as identity_models
from services.identity.credentials import passwords
from services.partner import app as partner_app
from services.partner import link_runs
from services.partner import models as partner_models
from services.partner import service as partner_service
from tests.conftest import service_config

from .billing_served import BillingSystem, Person, Team
from .conftest import trust_identity
from .served import orgs, serve  # noqa: F401 - the fixture `orgs` is used below

PASSWORD = "correct horse battery staple"


class PartnerPerson(Person):
    SCOPE, AUDIENCE = "openid orgs partner", ["orgs", "partner"]


def emitted(event_prefix):
    """The payloads (`data`) of partner's outbox whose type starts with `event_prefix`, oldest first,
    each with its `type`."""
    rows = partner_models.OutboxEvent.select().where(partner_models.OutboxEvent.type.startswith(event_prefix))
    return [{**json.loads(row.envelope)["data"], "type": row.type}
            for row in rows.order_by(partner_models.OutboxEvent.seq)]


def mails_to(email):
    """(subject, text) of partner's recorded mails to `email`, oldest first."""
    rows = partner_models.OutboundMessage.select().where(partner_models.OutboundMessage.recipient == email)
    return [(row.subject, row.text) for row in rows.order_by(partner_models.OutboundMessage.created_at)]


class LinksSystem(BillingSystem):
    """BillingSystem's people and teams, founded through the real orgs, with partner as the app."""

    def person(self, email=None, language=None):
        self._count += 1
        person = PartnerPerson(self, email or f"person{self._count}@example.ch", language)
        if language:
            from services.orgs.models import AccountProfile
            AccountProfile.create(account_id=person.id, language=language, as_of=clock.utcnow())
        return person

    def organization(self, founder, name="Alpine Web", currency="CHF", kind="company"):
        response = founder.call("post", "/v1/organizations", {"name": name, "kind": kind, "currency": currency},
                                app=self.orgs_app)
        assert response.status_code == 201, response.get_json()
        org = response.get_json()["id"]
        from services.orgs.models import Membership
        Membership.update(email=founder.email).where(Membership.account_id == founder.id).execute()
        partner_service.record_organization(org, name, kind, currency)
        return org

    def partner(self, name="Helvetic Partners", approved=True):
        """A team whose organization is an approved partner (or a mere applicant)."""
        team = self.team(name=name, prefix="p")
        if approved:
            partner_models.Partner.create(organization_id=team.org, name=name, currency=team.currency,
                                          contact_emails=[team.legal.email])
        return team

    def client(self, name="Bergbahnen AG"):
        return self.team(name=name, prefix="c")

    def with_password(self, person, password=PASSWORD):
        """An identity account for `person` (same id and email), so PA10's password check knows it."""
        identity_models.Account.create(id=person.id, email=person.email, password_hash=passwords.hash(password),
                                       first_name="Test", last_name="Person", email_verified_at=clock.utcnow())
        return person


@pytest.fixture
def links_system(tmp_path, databases, identity, orgs, smtp_server):  # noqa: F811 - orgs is the served fixture
    """A LinksSystem: the partner app (its mail to the test SMTP server) asking the real orgs and the
    real identity over HTTP with its own token; the links' runs ask the same orgs."""
    identity_server = serve(identity)
    identity_url = f"http://127.0.0.1:{identity_server.server_port}"
    config = service_config(partner_app, tmp_path, databases, "partner", SMTP_URL=smtp_server.url,
                            TOKEN_URL=f"{identity_url}/oauth/token")
    config["SERVICE_URLS"] = {**config["SERVICE_URLS"], "orgs": orgs["url"], "identity": identity_url}
    app = trust_identity(partner_app.create_app(config), identity)
    smtp_server.deliver_from(app, partner_models.messages)
    link_runs.configure(app.extensions["orgs_client"])
    yield LinksSystem(app, orgs["app"], identity)
    link_runs.configure(None)
    identity_server.shutdown()
    app.extensions["database"].close()


def scope_limited(*product_ids, technical=True, statistics=False):
    return {"scope": "limited", "products": {str(p): {"technical": technical, "statistics": statistics}
                                             for p in product_ids}}


FULL = {"scope": "full", "billing": False}
FULL_BILLING = {"scope": "full", "billing": True}


def request_body(client_org, scope=None, payer="client", **extra):
    return {"client": {"organization_id": str(client_org)}, "scope": scope or FULL, "payer": payer, **extra}


def new_product():
    return str(uuid.uuid4())


__all__ = ["FULL", "FULL_BILLING", "LinksSystem", "PASSWORD", "Team", "emitted", "links_system", "mails_to",
           "new_product", "orgs", "request_body", "scope_limited"]
