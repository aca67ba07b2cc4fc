"""Issue 11's delegation matrix (tests/delegation_matrix.py) through the real endpoints of orgs and
billing, and through the access check billing asks, cell by cell: scope (limited-technical,
limited-statistics, full, full with billing) x action (read a product, manage a product, read
invoices, pay invoices, manage members, change the organization's details) x actor (partner legal
representative, partner administrator, assigned staff, unassigned staff, anyone after the link
stopped). The links and assignments reach orgs as the partner service's own events, applied by
orgs' consumer as its worker would; the same table is checked against orgs' domain in
tests/unit/test_orgs_delegation_matrix.py and its HTTP check in tests/service/test_orgs_delegations.py."""
import uuid
from datetime import date

from services.common.consumer import Consumer
from services.common.events import EnvelopeSchema, make_envelope
from services.orgs import handlers as orgs_handlers
from services.orgs.events import CONSUMED as ORGS_CONSUMED
from services.orgs.models import ProcessedEvent
from services.partner.events import PRODUCED as PARTNER_EVENTS
from tests.delegation_matrix import ACTIONS, ACTORS, PRODUCT, SCOPES, expected

from .billing_runs_support import product
from .billing_served import billing, orgs  # noqa: F401 - fixtures
from .billing_support import issued

REFUSED = (403, 404)  # 404 where the caller may not even know it (BI13), 403 where orgs says who may


class Partnership:
    """A client with a product and an unpaid invoice; a partner with each of the matrix's people."""

    def __init__(self, billing):
        self.billing = billing
        self.client = billing.team(name="Client SA", prefix="c")
        self.legal = billing.person("legal@agency.example")
        self.partner = billing.organization(self.legal, "Agency")
        self.admin, self.staff, self.unassigned = (billing.person(f"{who}@agency.example")
                                                   for who in ("admin", "staff", "unassigned"))
        billing.member(self.partner, self.admin, "administrator")
        billing.member(self.partner, self.staff)
        billing.member(self.partner, self.unassigned)
        product(self.client.org, date(2027, 6, 30), id=PRODUCT, name="client-sa.ch")
        self.invoice = issued(billing.app, self.client.org)
        orgs_app = billing.orgs_app
        self.consumer = Consumer(orgs_app.config, orgs_app.extensions["database"], ProcessedEvent,
                                 orgs_handlers.SUBSCRIPTIONS, ORGS_CONSUMED)
        self.invited = 0

    def _send(self, event_type, data):
        envelope = make_envelope(event_type, "partner", data, "matrix", produced=PARTNER_EVENTS)
        assert self.consumer.apply(EnvelopeSchema().load(envelope)) == "applied"

    def link(self, scope):
        """A new link of `scope`, approved, with `staff` assigned to it (all the link grants)."""
        link_id = str(uuid.uuid4())
        self.state = {"link_id": link_id, "version": 1, "partner_organization_id": self.partner,
                      "client_organization_id": self.client.org, "status": "active", **SCOPES[scope],
                      "payer": "client", "ends_at": None, "auto_extend": False, "actor_id": self.client.legal.id,
                      "side": "client"}
        self._send("partner.link.approved", self.state)
        self._send("partner.assignment.changed", {
            "assignment_id": str(uuid.uuid4()), "version": 1, "link_id": link_id,
            "partner_organization_id": self.partner, "client_organization_id": self.client.org,
            "account_id": self.staff.id, "products": None, "active": True})
        return link_id

    def stop(self):
        self.state = {**self.state, "version": self.state["version"] + 1, "status": "stopped"}
        self._send("partner.link.stopped", self.state)

    def actor(self, name):
        return {"partner legal representative": self.legal, "partner administrator": self.admin,
                "assigned staff": self.staff, "unassigned staff": self.unassigned,
                "anyone after the link stopped": self.legal}[name]

    def endpoint(self, person, action):
        """The real endpoint's status for `action` done by `person` in the client."""
        base, orgs_app = self.client.base, self.billing.orgs_app
        if action == "read a product":
            return person.get(f"{base}/products/{PRODUCT}").status_code
        if action == "manage a product":
            return person.put(f"{base}/products/auto-renewal", {"product_ids": [PRODUCT], "enabled": False}).status_code
        if action == "read invoices":
            return person.get(f"{base}/invoices/{self.invoice.id}").status_code
        if action == "pay invoices":  # allowed: the payment is tried (nothing to pay with: a rule, not 403/404)
            return person.post(f"{base}/invoices/{self.invoice.id}/payments", {}).status_code
        if action == "manage members":
            self.invited += 1
            return person.post(f"{base}/invitations", {"email": f"new{self.invited}@client.example"},
                               app=orgs_app).status_code
        assert action == "change the organization's details"
        return person.patch(base, {"name": "Renamed by a partner"}, app=orgs_app).status_code


def test_pa6_pa7_pa10_the_delegation_matrix_through_orgs_and_billings_endpoints(billing):
    p = Partnership(billing)
    access = billing.app.extensions["access_client"]  # billing's road to a decision: orgs' access check
    found = {}
    for scope in SCOPES:
        link_id = p.link(scope)
        for actor in ACTORS:
            if actor == "anyone after the link stopped":
                p.stop()
            person = p.actor(actor)
            for action, (checked, product_id) in ACTIONS.items():
                decision = access.check(person.id, checked, p.client.org, product_id)
                status = p.endpoint(person, action)
                allowed = expected(scope, action, actor)
                cell = (scope, action, actor)
                assert (decision["decision"] == "allow") is allowed, (cell, decision)
                if allowed:
                    assert decision["via"] == {"kind": "delegation", "id": link_id}, cell  # the link decided
                    assert status not in REFUSED and status < 500, (cell, status)
                else:
                    assert status in REFUSED, (cell, status)
                found[cell] = (allowed, status)
    assert len(found) == len(SCOPES) * len(ACTIONS) * len(ACTORS) == 120
    from services.orgs.models import Organization
    assert Organization.get_by_id(p.client.org).name == "Client SA"  # no cell changed the details


def test_pa6_a_partner_users_writes_through_the_link_are_audited_with_it(billing):
    from services.orgs.models import AuditEntry

    p = Partnership(billing)
    link_id = p.link("limited-statistics")
    assert p.endpoint(p.staff, "manage a product") in REFUSED  # statistics only: refused, and audited
    p.stop()
    link_id = p.link("full")
    assert p.endpoint(p.staff, "manage a product") not in REFUSED
    entries = AuditEntry.select().where((AuditEntry.organization_id == p.client.org)
                                        & (AuditEntry.actor_id == p.staff.id)
                                        & (AuditEntry.action == "product.manage"))
    assert {(e.outcome, str(e.delegation_id)) for e in entries} >= {("allowed", link_id)}
    assert all(e.delegation_id is not None for e in entries)
