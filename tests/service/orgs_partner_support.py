"""Orgs' service tests of issue 11: a client and a partner organization with people in every
position, and the partner service's real events (made with partner's own PRODUCED schemas)
applied by orgs' consumer as its worker would.

    from .orgs_partner_support import apply_events, orgs, people, partnership  # noqa: F401 - fixtures

    def test_something(partnership):
        p = partnership()
        p.link("approved", "full-billing")        # partner.link.approved, version 1, status active
        p.assign(p.staff, products=None)          # partner.assignment.changed
        p.ask(p.staff, "product.manage", PRODUCT) # orgs' access check over HTTP
"""
import uuid
from dataclasses import dataclass, field

import pytest

from services.common.consumer import Consumer
from services.common.events import EnvelopeSchema, make_envelope
from services.orgs import handlers as orgs_handlers
from services.orgs.events import CONSUMED
from services.orgs.models import ProcessedEvent
from services.partner.events import PRODUCED as PARTNER_EVENTS
from tests.delegation_matrix import SCOPES

from .orgs_support import add_member, orgs, people, service_token  # noqa: F401 - fixtures

ACTIVE = {"requested": "pending", "approved": "active", "declined": "declined", "withdrawn": "withdrawn",
          "expired": "expired", "resent": "pending", "scope_changed": "active", "payer_changed": "active",
          "end_changed": "active", "extended": "active", "stopped": "stopped", "ended": "ended"}


def envelope(event_type, data):
    return EnvelopeSchema().load(make_envelope(event_type, "partner", data, "corr-11", produced=PARTNER_EVENTS))


@pytest.fixture
def apply_events(orgs):
    consumer = Consumer(orgs.config, orgs.extensions["database"], ProcessedEvent, orgs_handlers.SUBSCRIPTIONS,
                        CONSUMED)

    def apply(*envelopes):
        return [consumer.apply(e) for e in envelopes]
    return apply


@dataclass
class Partnership:
    orgs: object
    identity: object
    apply_events: object
    client: str
    partner: str
    client_rep: object
    client_admin: object
    partner_rep: object
    partner_admin: object
    staff: object  # a collaborator of the partner, to be assigned
    other_staff: object  # a collaborator of the partner, never assigned
    link_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    version: int = 0
    assignments: dict = field(default_factory=dict)

    def link_event(self, kind, scope="full-billing", status=None, version=None, ends_at=None, payer="client",
                   link_id=None):
        if version is None:
            self.version += 1
            version = self.version
        data = {"link_id": link_id or self.link_id, "version": version, "partner_organization_id": self.partner,
                "client_organization_id": self.client, "status": status or ACTIVE[kind], **SCOPES[scope],
                "payer": payer, "ends_at": ends_at, "auto_extend": False, "actor_id": self.client_rep.id,
                "side": "client"}
        return envelope(f"partner.link.{kind}", data)

    def link(self, kind, scope="full-billing", **kwargs):
        """Apply one link event now; returns the consumer's answer."""
        return self.apply_events(self.link_event(kind, scope, **kwargs))[0]

    def assignment_event(self, person, products=None, active=True, version=None):
        assignment_id, last = self.assignments.get(person.id, (str(uuid.uuid4()), 0))
        version = version if version is not None else last + 1
        self.assignments[person.id] = (assignment_id, max(version, last))
        return envelope("partner.assignment.changed", {
            "assignment_id": assignment_id, "version": version, "link_id": self.link_id,
            "partner_organization_id": self.partner, "client_organization_id": self.client,
            "account_id": person.id, "products": products, "active": active})

    def assign(self, person, products=None, active=True):
        return self.apply_events(self.assignment_event(person, products, active))[0]

    def checker(self):
        token = service_token(self.identity, "orgs:access-check", "billing")
        headers = {"Authorization": f"Bearer {token}"}
        return self.orgs.test_client(), headers

    def ask(self, person, action, product=None, organization=None):
        client, headers = self.checker()
        body = {"subject": person.id, "action": action, "organization_id": organization or self.client,
                **({"product_id": product} if product else {})}
        response = client.post("/v1/access/check", json=body, headers=headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def ask_batch(self, checks):
        client, headers = self.checker()
        response = client.post("/v1/access/check-batch", json={"checks": checks}, headers=headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json()


@pytest.fixture
def partnership(orgs, identity, people, apply_events):
    def make(client_name="Client SA", partner_name="Agency Sàrl"):
        client_rep, partner_rep = people("rep@client.example"), people("rep@agency.example")
        client = client_rep.create_org(client_name)
        partner = partner_rep.create_org(partner_name)
        client_admin, partner_admin = people("admin@client.example"), people("admin@agency.example")
        staff, other_staff = people("staff@agency.example"), people("other@agency.example")
        add_member(client, client_admin, "administrator")
        add_member(partner, partner_admin, "administrator")
        add_member(partner, staff)
        add_member(partner, other_staff)
        return Partnership(orgs, identity, apply_events, client, partner, client_rep, client_admin, partner_rep,
                           partner_admin, staff, other_staff)
    return make
