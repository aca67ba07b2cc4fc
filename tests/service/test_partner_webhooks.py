"""PX6 over HTTP: webhook subscriptions of a partner's managers (staff read), endpoints refused on
private addresses, the fan-out of the partner's own events through the worker's consumer path,
signed deliveries to a local HTTP server (WEBHOOKS_ALLOW_PRIVATE), retries on the shared clock
for 24 h, the delivery log, replay, and partner.link.ending from the links' warnings run."""
import json
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from services.common import runs
from services.common.consumer import Consumer
from services.common.events import EnvelopeSchema
from services.partner import link_runs
from services.partner.events import CONSUMED
from services.partner.handlers import SUBSCRIPTIONS
from services.partner.models import OutboxEvent, ProcessedEvent, ScheduledRun, WebhookDelivery
from services.partner.webhook_sender import WebhookSender
from tests.unit.test_partner_webhook_signature import documented_verifier

from .partner_apps_support import StaffPerson
from .partner_links_served import emitted, links_system, orgs  # noqa: F401 - fixtures
from .test_partner_links import active_link, iso

START = datetime(2026, 5, 4, 8, 0, tzinfo=timezone.utc)
KINDS = ["link.approved", "link.ending", "threshold.changed"]


class Endpoint:
    """A local HTTP server recording what it receives, answering `status`."""

    def __init__(self):
        self.received, self.status = [], 204
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                endpoint.received.append((self.path, dict(self.headers), body))
                self.send_response(endpoint.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"


@pytest.fixture
def system(links_system):  # noqa: F811
    links_system.app.config["WEBHOOKS_ALLOW_PRIVATE"] = True  # the test configuration: a server on loopback
    links_system.staff = StaffPerson(links_system, "staff@partner-portal.example")
    links_system.sender = WebhookSender(links_system.app.config, links_system.app.extensions["database"])
    endpoints = []

    def endpoint():
        endpoints.append(Endpoint())
        return endpoints[-1]

    links_system.endpoint = endpoint
    yield links_system
    for one in endpoints:
        one.server.shutdown()


def consume_outbox(system):
    """What partner's worker does with its own events: each outbox event through the consumer's apply."""
    consumer = Consumer(system.app.config, system.app.extensions["database"], ProcessedEvent, SUBSCRIPTIONS, CONSUMED)
    for row in OutboxEvent.select().order_by(OutboxEvent.seq):
        consumer.apply(EnvelopeSchema().load(json.loads(row.envelope)))


def subscribe(person, team, url, events=None, status=201):
    response = person.post(f"/v1/partners/{team.org}/webhooks", {"url": url, "events": events or KINDS})
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_px6_the_partners_managers_subscribe_and_staff_only_read(system):
    partner, other = system.partner(), system.partner(name="Other Partners")
    base = f"/v1/partners/{partner.org}/webhooks"
    created = subscribe(partner.legal, partner, "https://93.184.216.34/in")
    assert created["secret"].startswith("whsec_") and created["events"] == KINDS
    subscribe(partner.admin, partner, "https://93.184.216.34/admin", ["cashback.credited"])
    for who, status in ((partner.collaborator, 403), (partner.outsider, 404), (other.legal, 404)):
        assert who.post(base, {"url": "https://93.184.216.34/x", "events": KINDS}).status_code == status
        assert who.get(base).status_code == status
    listed = system.staff.get(base)
    assert listed.status_code == 200 and len(listed.get_json()["items"]) == 2
    assert all("secret" not in item for item in listed.get_json()["items"])
    assert system.staff.delete(f"{base}/{created['id']}").status_code == 404  # staff read, never write
    assert other.legal.get(f"{base}/{created['id']}").status_code == 404
    assert other.legal.get(f"/v1/partners/{other.org}/webhooks/{created['id']}").status_code == 404  # not its own
    changed = partner.legal.patch(f"{base}/{created['id']}", {"active": False, "events": ["link.ending"]})
    assert changed.status_code == 200 and (changed.get_json()["active"], changed.get_json()["events"]) == (
        False, ["link.ending"])
    assert partner.legal.post(base, {"url": "https://93.184.216.34/x", "events": ["link.stopped"]}).status_code \
        == 422
    assert partner.legal.delete(f"{base}/{created['id']}").status_code == 204
    assert partner.legal.get(f"{base}/{created['id']}").status_code == 404


def test_px6_endpoints_on_private_addresses_are_refused_outside_the_test_configuration(system):
    system.app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    partner = system.partner()
    for url in ("https://127.0.0.1/in", "https://[::1]/in", "https://169.254.169.254/latest", "https://10.0.0.8/",
                "https://localhost/in", "http://hooks.example.com/in"):
        response = partner.legal.post(f"/v1/partners/{partner.org}/webhooks", {"url": url, "events": KINDS})
        assert response.status_code == 422 and response.get_json()["rule"] == "PX6", (url, response.get_json())
    created = subscribe(partner.legal, partner, "https://93.184.216.34/in")
    refused = partner.legal.patch(f"/v1/partners/{partner.org}/webhooks/{created['id']}", {"url": "https://127.0.0.1/"})
    assert refused.status_code == 422 and refused.get_json()["rule"] == "PX6"


def test_px6_a_partners_own_events_are_delivered_signed_and_never_to_another_partner(system, clock):
    clock.set(START)
    partner, other = system.partner(), system.partner(name="Other Partners")
    mine, theirs, picky = system.endpoint(), system.endpoint(), system.endpoint()
    secret = subscribe(partner.legal, partner, mine.url)["secret"]
    subscribe(other.legal, other, theirs.url)
    subscribe(partner.legal, partner, picky.url, ["cashback.credited"])
    _partner, _client, link = active_link(system, partner=partner)
    consume_outbox(system)
    consume_outbox(system)  # redelivered events: no second delivery
    assert system.sender.send_due() == 1 and system.sender.send_due() == 0
    assert theirs.received == [] and picky.received == []
    (path, headers, body), = mine.received
    delivery = WebhookDelivery.get()
    assert path == "/hooks" and headers["Webhook-Id"] == str(delivery.id)
    assert headers["Webhook-Event"] == "link.approved" and headers["Content-Type"] == "application/json"
    verify = documented_verifier()
    assert verify(secret, headers["Webhook-Signature"], body, now=START.timestamp())
    assert not verify(secret, headers["Webhook-Signature"], body.replace(b"link", b"LINK"), now=START.timestamp())
    assert not verify(secret, headers["Webhook-Signature"], body, now=START.timestamp() + 3600)  # too old
    sent = json.loads(body)
    assert (sent["type"], sent["data"]["link_id"], sent["data"]["partner_organization_id"]) == (
        "link.approved", link["id"], partner.org)
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("delivered", 1, 204)


def test_px6_a_failing_endpoint_is_retried_with_growing_delays_for_24_hours_then_failed_and_replayed(system, clock):
    clock.set(START)
    partner = system.partner()
    endpoint = system.endpoint()
    endpoint.status = 500
    subscription = subscribe(partner.legal, partner, endpoint.url)
    active_link(system, partner=partner)
    consume_outbox(system)
    pauses = []
    while system.sender.send_due():
        delivery = WebhookDelivery.get()
        if delivery.status != "pending":
            break
        pauses.append(delivery.next_attempt_at - clock.utcnow())
        clock.set(delivery.next_attempt_at.replace(tzinfo=timezone.utc))
    minutes = [int(p.total_seconds() // 60) for p in pauses]
    assert minutes == [1, 5, 30, 120, 360, 720, 204]  # the last try exactly 24 h after the first
    delivery = WebhookDelivery.get()
    assert (delivery.status, delivery.attempts, len(endpoint.received)) == ("failed", 8, 8)
    assert clock.utcnow() - delivery.first_attempt_at == timedelta(hours=24)
    base = f"/v1/partners/{partner.org}/webhooks/{subscription['id']}/deliveries"
    log = partner.legal.get(f"{base}?status=failed").get_json()["items"]
    assert [a["status"] for a in log[0]["attempt_log"]] == [500] * 8 and log[0]["last_error"] == "HTTP 500"
    endpoint.status = 200
    replayed = partner.legal.post(f"{base}/{delivery.id}/replay")
    assert replayed.status_code == 200 and replayed.get_json()["status"] == "pending"
    assert system.sender.send_due() == 1
    assert endpoint.received[-1][1]["Webhook-Id"] == str(delivery.id)  # the same id: receivers drop copies
    shown = system.staff.get(base).get_json()["items"][0]
    assert (shown["status"], shown["attempts"], shown["replays"], len(shown["attempt_log"])) == (
        "delivered", 9, 1, 9)
    other = system.partner(name="Other Partners")
    assert other.legal.post(f"/v1/partners/{other.org}/webhooks/{subscription['id']}/deliveries/{delivery.id}"
                            "/replay").status_code == 404


def test_px6_a_delivery_is_refused_at_sending_when_the_endpoint_turned_private(system, clock):
    clock.set(START)
    partner = system.partner()
    endpoint = system.endpoint()
    subscribe(partner.legal, partner, endpoint.url)
    active_link(system, partner=partner)
    consume_outbox(system)
    WebhookDelivery.update(claimed_until=clock.utcnow() + timedelta(seconds=60)).execute()
    assert system.sender.send_due() == 0  # another sender holds it (its lease)
    clock.advance(seconds=61)
    system.app.config["WEBHOOKS_ALLOW_PRIVATE"] = False  # e.g. its name now resolves to 127.0.0.1
    try:
        assert system.sender.send_due() == 1
    finally:
        system.app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    delivery = WebhookDelivery.get()
    assert endpoint.received == [] and delivery.status == "pending" and delivery.last_error.startswith("refused")
    assert delivery.next_attempt_at == clock.utcnow() + timedelta(minutes=1)


def test_px6_the_link_warnings_run_emits_link_ending_to_the_partners_webhooks(system, clock):
    clock.set(START)
    partner = system.partner()
    endpoint = system.endpoint()
    subscribe(partner.legal, partner, endpoint.url, ["link.ending"])
    _partner, _client, link = active_link(system, partner=partner, ends_at=iso(START + timedelta(days=30, hours=1)))
    clock.advance(hours=2)
    run = {r.name: r for r in link_runs.RUNS}["link-ends"]
    runs.execute(system.app.config, ScheduledRun, run, run.key(clock.today()))
    ending, = emitted("partner.link.ending")
    assert (ending["link_id"], ending["days"], ending["partner_organization_id"]) == (link["id"], 30, partner.org)
    consume_outbox(system)
    assert system.sender.send_due() == 1
    assert json.loads(endpoint.received[0][2])["data"]["days"] == 30
