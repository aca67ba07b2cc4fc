"""Issue 11's partner story through the APIs over the real broker, the broker restarted in the
middle: a company applies and provider staff approve it (PA1); it invites a client by email
(PA4); the client approves a limited scope (PA5); the partner assigns a collaborator (PA7) who
manages the product with technical rights and is refused the one with statistics only (PA6);
the client switches to full access with billing entrusted and the partner paying (PA5, PA8);
the collaborator reads the invoices, the renewal issued after the switch in the partner's list
and not the client's; the client stops the link in two steps with the password (PA10) and the
collaborator loses access at once.

The restart: billing's worker is stopped before the scope change, so that event waits in
billing's durable queue; the broker is stopped, the payer switch is made while it is down (the
event waits in partner's outbox), the broker is started again; orgs' worker and partner's relay
reconnect by themselves, billing's worker starts afresh. At the end every link event partner
emitted was published and applied exactly once by orgs and by billing, each holds the final
version, and nothing is parked on a dead-letter queue."""
import json
import signal
import uuid
from collections import Counter

import requests

from tests.browser.partner_support import LEA, PASSWORD, STELLA, SWISS_UID, Person, story_people

from .broker import rabbitmq
from .system import wait_until

LINK_EVENTS = ["partner.link.requested", "partner.link.approved", "partner.link.scope_changed",
               "partner.link.payer_changed", "partner.link.stopped"]

# What the collaborator may do in the client at each step (orgs' access check, OR14).
ACTIONS = [("product.read", "web"), ("product.manage", "web"), ("product.read", "shop"),
           ("product.manage", "shop"), ("billing.read", None), ("members.manage", None)]
NOTHING = dict.fromkeys(ACTIONS, "deny")
LIMITED = {**NOTHING, ("product.read", "web"): "allow", ("product.manage", "web"): "allow",
           ("product.read", "shop"): "allow"}  # web: technical; shop: statistics only
FULL_WITH_BILLING = {**dict.fromkeys(ACTIONS, "allow"), ("members.manage", None): "deny"}  # never delegated


class Checks:
    """One account's decisions in the client organization, by orgs' access check (one batch, asked
    with billing's service token as billing asks it)."""

    def __init__(self, system, account_id, client, products):
        self.system, self.account_id, self.client, self.products = system, account_id, client, products

    def decisions(self, actions=ACTIONS):
        checks = [{"subject": self.account_id, "action": action, "organization_id": self.client,
                   **({"product_id": self.products[product]} if product else {})} for action, product in actions]
        response = requests.post(self.system.url("orgs") + "/v1/access/check-batch", json={"checks": checks},
                                 headers={"Authorization": f"Bearer {self.system.client_token('billing')}"},
                                 timeout=10)
        assert response.status_code == 200, response.text
        return dict(zip(actions, response.json()))

    def table(self):
        return {key: answer["decision"] for key, answer in self.decisions().items()}

    def become(self, expected, what, timeout=30):
        """Wait for orgs to apply the step's event; then the whole table is the step's."""
        wait_until(lambda: self.table() == expected, timeout=timeout, what=what)


def _rows(system, service, sql):
    return system.rows(service, sql)


def _ids(values):
    return [uuid.UUID(str(value)) for value in values]


def _apply_and_be_approved(paul, stella, helvetic):
    """PA1: the application, then staff's approval through the staff API (scope `staff`)."""
    body = {"legal_name": "Helvetic Partners SA", "register_country": "CH", "register_number": SWISS_UID,
            "website": "https://www.example.ch", "conditions_version": "2026-01", "accept_conditions": True}
    path = f"/v1/organizations/{helvetic}/application"

    def applied():  # partner learns of the organization from orgs' event a moment after the sign-up
        response = paul.call("POST", "partner", path, json=body, expect=None)
        return response if isinstance(response, dict) and response.get("status") == "pending" else None
    application = wait_until(applied, what="the application")
    pending = stella.call("GET", "partner", "/v1/applications", params={"status": "pending"})["items"]
    assert [a["id"] for a in pending] == [application["id"]]
    stella.call("POST", "partner", f"/v1/applications/{application['id']}/approval", json={})
    assert paul.call("GET", "partner", f"/v1/organizations/{helvetic}/partner")["status"] == "approved"


def test_pa1_pa4_pa5_pa6_pa7_pa8_pa10_the_partner_story_over_a_broker_restart_loses_nothing(system):
    system.start()
    paul, sam, helvetic, lea, alpine, products = story_people(system)
    stella = Person(system, STELLA)  # provider staff: her token carries the scope `staff`
    ids = {"web": products["alpine-web.ch"], "shop": products["alpine-shop.ch"]}
    sam_id = sam.call("GET", "identity", "/v1/me")["id"]
    paul_id = paul.call("GET", "identity", "/v1/me")["id"]
    sam_checks, paul_checks = Checks(system, sam_id, alpine, ids), Checks(system, paul_id, alpine, ids)
    client_link = f"/v1/clients/{alpine}/links"

    _apply_and_be_approved(paul, stella, helvetic)

    # PA4: the partner asks for full access through the client's legal representative's email
    link = paul.call("POST", "partner", f"/v1/partners/{helvetic}/links", json={
        "client": {"email": LEA}, "scope": {"scope": "full", "products": None, "billing": False},
        "payer": "client"})
    assert (link["status"], link["client_organization_id"]) == ("pending", alpine)
    assert sam_checks.table() == NOTHING

    # PA5: the client grants less than asked: the web domain technical, the shop statistics only
    approved = lea.call("POST", "partner", f"{client_link}/{link['id']}/approval", json={"scope": {
        "scope": "limited", "billing": False, "products": {ids["web"]: {"technical": True, "statistics": False},
                                                           ids["shop"]: {"technical": False, "statistics": True}}}})
    assert (approved["status"], approved["scope"], approved["payer"]) == ("active", "limited", "client")
    wait_until(lambda: paul_checks.table()[("product.manage", "web")] == "allow",
               what="orgs to apply the approval (the partner's legal representative is let in)")
    assert sam_checks.table() == NOTHING  # PA7: an unassigned collaborator gets nothing

    # PA7: assigned to the client (all the link grants); PA6: exactly the link's scope
    paul.call("PUT", "partner", f"/v1/partners/{helvetic}/links/{link['id']}/assignments/{sam_id}",
              json={"products": None})
    sam_checks.become(LIMITED, "the assignment to reach orgs")
    via = sam_checks.decisions([("product.manage", "web")])[("product.manage", "web")]["via"]
    assert via == {"kind": "delegation", "id": link["id"]}
    warranty = f"/v1/organizations/{alpine}/products/warranty"
    assert sam.status("PUT", "billing", warranty, json={"product_ids": [ids["web"]], "enabled": True}) == 200
    assert sam.status("PUT", "billing", warranty, json={"product_ids": [ids["shop"]], "enabled": True}) in (403, 404)
    assert sam.status("GET", "billing", f"/v1/organizations/{alpine}/invoices") in (403, 404)

    # The restart. Billing's worker is away, so the scope change waits in billing's queue ...
    system.kill("billing-worker", signal.SIGTERM)
    lea.call("PUT", "partner", f"{client_link}/{link['id']}/scope",
             json={"scope": "full", "products": None, "billing": True})
    sam_checks.become(FULL_WITH_BILLING, "the scope change to reach orgs")
    wait_until(lambda: all(published for _, published in _link_events(system, link["id"])),
               what="the scope change to be published")
    rabbitmq("stop")
    try:  # ... and the payer switch, made while the broker is down, waits in partner's outbox.
        switched = lea.call("PUT", "partner", f"{client_link}/{link['id']}/payer", json={"payer": "partner"})
        assert switched["payer"] == "partner"
    finally:
        rabbitmq("start")
    system.start_worker("billing")

    # PA8: billing learns the payer from the events; products stay the client's
    product_path = f"/v1/organizations/{alpine}/products/{ids['web']}"
    wait_until(lambda: lea.call("GET", "billing", product_path)["billed_organization_id"] == helvetic,
               timeout=60, what="billing to apply the payer switch after the restart")
    assert sam_checks.table() == FULL_WITH_BILLING
    assert sam.status("PUT", "billing", warranty, json={"product_ids": [ids["shop"]], "enabled": True}) == 200
    renewal = lea.call("POST", "billing", f"/v1/organizations/{alpine}/renewals",
                       json={"items": [{"product_id": ids["web"], "periods": 1}]})
    assert renewal["organization_id"] == helvetic
    partners_invoices = sam.call("GET", "billing", f"/v1/organizations/{helvetic}/invoices")["items"]
    assert [i["id"] for i in partners_invoices] == [renewal["id"]]
    clients_invoices = sam.call("GET", "billing", f"/v1/organizations/{alpine}/invoices")["items"]  # entrusted
    assert clients_invoices and renewal["id"] not in [i["id"] for i in clients_invoices]
    assert lea.status("GET", "billing", f"/v1/organizations/{alpine}/invoices/{renewal['id']}") == 404

    # PA10: two steps; a wrong password changes nothing, the right one ends access at once
    token = lea.call("POST", "partner", f"{client_link}/{link['id']}/stop-request", json={})["token"]
    assert lea.status("POST", "partner", f"{client_link}/{link['id']}/stop",
                      json={"token": token, "password": "not the password"}) == 422
    assert lea.call("GET", "partner", f"{client_link}/{link['id']}")["status"] == "active"
    stopped = lea.call("POST", "partner", f"{client_link}/{link['id']}/stop", json={"token": token, "password": PASSWORD})
    assert stopped["status"] == "stopped"
    sam_checks.become(NOTHING, "the stop to reach orgs", timeout=5)
    assert sam.status("GET", "billing", f"/v1/organizations/{alpine}/products") in (403, 404)
    wait_until(lambda: lea.call("GET", "billing", product_path)["billed_organization_id"] == alpine,
               what="future invoices back to the client")

    _nothing_lost_nothing_twice(system, link["id"], sam_id)


def _link_events(system, link_id):
    """partner's outbox: [(envelope, published)] of the link's events, in order."""
    rows = _rows(system, "partner", "SELECT envelope, published_at FROM outbox ORDER BY seq")
    envelopes = [(json.loads(envelope), published is not None) for envelope, published in rows]
    return [(e, published) for e, published in envelopes
            if e["type"].startswith("partner.link.") and e["data"]["link_id"] == link_id]


def _nothing_lost_nothing_twice(system, link_id, sam_id):
    def published():
        events = _link_events(system, link_id)
        return all(p for _, p in events) and events
    events = wait_until(published, what="every link event published")
    assert [e["type"] for e, _ in events] == LINK_EVENTS
    versions = [e["data"]["version"] for e, _ in events]
    assert versions == sorted(set(versions))
    final = versions[-1]
    assignment = [json.loads(envelope) for (envelope,) in _rows(system, "partner", "SELECT envelope FROM outbox")
                  if json.loads(envelope)["type"] == "partner.assignment.changed"]
    assert [a["data"]["account_id"] for a in assignment] == [sam_id]

    def settled():
        grants = [row for row in _rows(system, "orgs", "SELECT id, version, status FROM delegatedgrant")
                  if _ids([row[0]]) == _ids([link_id])]
        routes = [row for row in _rows(system, "billing", "SELECT link_id, version, status FROM payer_route")
                  if _ids([row[0]]) == _ids([link_id])]
        return [g[1:] for g in grants] == [(final, "ended")] and [r[1:] for r in routes] == [(final, "stopped")]
    wait_until(settled, what="orgs and billing to hold the link's final version")

    link_ids = _ids([e["id"] for e, _ in events])
    for service, expected in (("orgs", link_ids + _ids([assignment[0]["id"]])), ("billing", link_ids)):
        processed = Counter(_ids(r[0] for r in _rows(system, service, "SELECT event_id FROM processed_events")))
        assert {event_id: processed[event_id] for event_id in expected} == dict.fromkeys(expected, 1), service
        parked = system.cli(service, "dead-letters", "list")
        assert parked.returncode == 0 and not [line for line in parked.stdout.splitlines() if line.startswith("{")]
