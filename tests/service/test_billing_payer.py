"""PA8, PA10 in billing: who pays for a client's products, learnt from partner.link.* events
(the state with the highest version per link), and invoices visible only where they are paid.
Billing's person endpoints let a partner user in exactly as orgs' access check decides."""
import uuid
from datetime import date, datetime, timedelta

from services.billing import credit_notes
from services.billing.events import CONSUMED
from services.billing.handlers import SUBSCRIPTIONS
from services.billing.models import Invoice, PayerRoute, Product, ProcessedEvent, ScheduledRun
from services.billing.periodic import SCHEDULE
from services.common.consumer import Consumer
from services.common.events import make_envelope
from services.common.money import Money
from services.common.runs import execute
from services.orgs.models import DelegatedGrant
from services.partner.events import PRODUCED as PARTNER_EVENTS

from .billing_orders_support import domain, order_with, pay, place
from .billing_runs_support import CONFIG, configure, product
from .billing_served import billing, emitted, orgs  # noqa: F401 - fixtures

EXPIRY = date(2027, 3, 31)


class Link:
    """One partner link as the partner service announces it: every event its whole state."""

    def __init__(self, billing, client, partner):
        self.billing, self.client, self.partner = billing, client, partner
        self.id, self.version = str(uuid.uuid4()), 0

    def envelope(self, name, status="active", payer="partner", version=None):
        if version is None:
            self.version += 1
        state = {"link_id": self.id, "version": version or self.version, "partner_organization_id": self.partner,
                 "client_organization_id": self.client, "status": status, "scope": "full", "products": None,
                 "billing": True, "payer": payer, "ends_at": None, "auto_extend": False, "actor_id": None,
                 "side": "client"}
        return make_envelope(f"partner.link.{name}", "partner", state, produced=PARTNER_EVENTS)

    def send(self, name, status="active", payer="partner", version=None):
        """Deliver one event to billing's consumer as the broker would: 'applied' or 'duplicate'."""
        return deliver(self.billing, self.envelope(name, status, payer, version))


def deliver(billing, envelope):
    config = {**billing.app.config, "SERVICE_NAME": "billing"}
    consumer = Consumer(config, billing.app.extensions["database"], ProcessedEvent, SUBSCRIPTIONS, CONSUMED)
    return consumer.apply(envelope)


def client_and_partner(billing):
    """A client organization (a Team) and a partner organization with its legal representative."""
    team = billing.team()
    partner_legal = billing.person("legal@agency.example", "en")
    partner = billing.organization(partner_legal, "Agency")
    return team, partner, partner_legal


def partner_pays_and_acts(billing):
    """A client whose active link says the partner pays (the partner with a billing address), and
    the partner's administrator, whom orgs' access check lets in through that link (delegation)."""
    team, partner, partner_legal = client_and_partner(billing)
    partner_address = partner_legal.post(f"/v1/organizations/{partner}/billing-addresses", {
        "name": "Agency SA", "street": "Quai 2", "postal_code": "1200", "city": "Genève", "country": "CH"})
    assert partner_address.status_code == 201
    link = Link(billing, team.org, partner)
    link.send("approved")
    DelegatedGrant.create(id=link.id, partner_organization_id=partner, client_organization_id=team.org,
                          scope="full", billing=True)
    staff = billing.person("staff@agency.example")
    billing.member(partner, staff, "administrator")
    return team, partner, partner_legal, link, staff


def renew(person, org, product_id):
    """A manual renewal (BI2): the invoice it issues."""
    response = person.post(f"/v1/organizations/{org}/renewals", {"items": [{"product_id": str(product_id)}]})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def listed(person, org):
    response = person.get(f"/v1/organizations/{org}/invoices")
    assert response.status_code == 200, response.get_json()
    return {item["id"] for item in response.get_json()["items"]}


def billed_to(product_id):
    return str(Product.get_by_id(product_id).billed_organization_id)


def test_pa8_switch_to_partner_pays_sends_the_next_renewal_invoice_to_the_partners_list_not_the_clients(
        billing, clock):
    team, partner, partner_legal = client_and_partner(billing)
    item = product(team.org, EXPIRY, type="domain-ch")
    before = renew(team.legal, team.org, item.id)
    link = Link(billing, team.org, partner)
    assert link.send("requested", status="pending") == "applied" and billed_to(item.id) == team.org
    assert link.send("approved") == "applied"
    assert billed_to(item.id) == partner and str(Product.get_by_id(item.id).organization_id) == team.org
    after = renew(team.legal, team.org, item.id)
    assert after["organization_id"] == partner
    assert after["id"] in listed(partner_legal, partner) and after["id"] not in listed(team.legal, team.org)
    assert before["id"] in listed(team.legal, team.org) and before["id"] not in listed(partner_legal, partner)
    # The runs follow too: the warranty renewal at expiry is invoiced to the partner.
    Product.update(warranty=True).where(Product.id == item.id).execute()
    configure(billing.app.config)
    clock.set(datetime.combine(Product.get_by_id(item.id).expires_on, datetime.min.time()) + timedelta(hours=6))
    assert execute(CONFIG, ScheduledRun, SCHEDULE.runs["warranty-renewals"], clock.today().isoformat())["changed"] == 1
    warranty = Invoice.select().where(Invoice.id.not_in([before["id"], after["id"]])).get()
    assert str(warranty.organization_id) == partner and str(warranty.id) in listed(partner_legal, partner)


def test_pa8_switch_back_to_client_pays_sends_the_next_invoice_to_the_client(billing):
    team, partner, partner_legal = client_and_partner(billing)
    item = product(team.org, EXPIRY)
    link = Link(billing, team.org, partner)
    link.send("approved")
    paid_by_partner = renew(team.legal, team.org, item.id)
    assert link.send("payer_changed", payer="client") == "applied" and billed_to(item.id) == team.org
    back = renew(team.legal, team.org, item.id)
    assert back["organization_id"] == team.org and back["id"] in listed(team.legal, team.org)
    assert back["id"] not in listed(partner_legal, partner)
    assert paid_by_partner["id"] in listed(partner_legal, partner)  # issued before the switch: stays


def test_pa10_stop_sends_future_invoices_back_to_the_client(billing):
    team, partner, partner_legal = client_and_partner(billing)
    item = product(team.org, EXPIRY)
    ended = product(team.org, EXPIRY, name="ended.ch", status="terminated")
    link = Link(billing, team.org, partner)
    link.send("approved")
    assert billed_to(item.id) == partner and billed_to(ended.id) == team.org  # a closed product stays
    assert link.send("stopped", status="stopped") == "applied"
    assert billed_to(item.id) == team.org
    assert renew(team.legal, team.org, item.id)["organization_id"] == team.org
    again = Link(billing, team.org, partner)  # a new link whose end date passed: ended
    again.send("approved")
    assert billed_to(item.id) == partner
    again.send("ended", status="ended")
    assert billed_to(item.id) == team.org


def test_pa8_an_old_event_with_a_lower_version_is_ignored(billing):
    team, partner, _ = client_and_partner(billing)
    item = product(team.org, EXPIRY)
    link = Link(billing, team.org, partner)
    late = link.envelope("approved")  # version 1: partner pays
    assert link.send("payer_changed", payer="client") == "applied"  # version 2 arrives first
    assert deliver(billing, late) == "applied"  # a new event to the consumer, an old state to billing
    assert billed_to(item.id) == team.org
    route = PayerRoute.get_by_id(link.id)
    assert (route.version, route.payer) == (2, "client")


def test_pa8_the_same_event_twice_is_applied_once(billing):
    team, partner, _ = client_and_partner(billing)
    item = product(team.org, EXPIRY)
    link = Link(billing, team.org, partner)
    approved = link.envelope("approved")
    assert deliver(billing, approved) == "applied" and billed_to(item.id) == partner
    assert link.send("payer_changed", payer="client") == "applied"
    assert deliver(billing, approved) == "duplicate"  # the broker's redelivery: the consumer knows its id
    assert billed_to(item.id) == team.org
    republished = link.envelope("payer_changed", payer="client", version=2)  # same state, another envelope
    seen = PayerRoute.get_by_id(link.id).updated_at
    assert deliver(billing, republished) == "applied" and PayerRoute.get_by_id(link.id).updated_at == seen
    assert PayerRoute.select().count() == 1 and billed_to(item.id) == team.org


def test_pa8_a_new_order_by_the_client_or_by_partner_staff_is_invoiced_to_the_paying_partner(billing):
    team, partner, partner_legal, link, staff = partner_pays_and_acts(billing)
    for person in (team.legal, staff):
        order = order_with(person, team.org, domain(f"{person.id[:8]}.ch"))
        placed = place(person, team.org, order["id"])
        invoice = Invoice.get_by_id(placed["invoice_id"])
        assert str(invoice.organization_id) == partner and invoice.buyer["city"] == "Genève"
        assert placed["invoice_id"] in listed(partner_legal, partner)
        assert placed["invoice_id"] not in listed(team.legal, team.org)
        pay(placed["invoice_id"])
    started = emitted("billing.product.ordered")
    assert {(e["organization_id"], e["billed_organization_id"]) for e in started} == {(team.org, partner)}
    assert started[1]["ordered_by"] == {"account_id": staff.id, "via_kind": "delegation", "via_id": link.id}
    assert started[0]["ordered_by"]["via_kind"] == "membership"


def test_pa8_invoices_are_visible_only_in_the_organization_that_pays_them(billing):
    team, partner, partner_legal = client_and_partner(billing)
    item = product(team.org, EXPIRY)
    Link(billing, team.org, partner).send("approved")
    invoice = renew(team.legal, team.org, item.id)
    line = Invoice.get_by_id(invoice["id"]).lines.get()
    note = credit_notes.issue_credit_note(invoice["id"], [{"invoice_line_id": line.id, "amount": Money(100, "CHF")}],
                                          "goodwill")
    paths = [f"/invoices/{invoice['id']}", f"/invoices/{invoice['id']}/pdf", f"/credit-notes/{note.id}",
             f"/credit-notes/{note.id}/pdf"]
    outsider_org = billing.organization(team.outsider, "Elsewhere")
    for person, org, status in ((partner_legal, partner, 200), (team.legal, team.org, 404),
                                (team.outsider, outsider_org, 404)):
        for path in paths:
            assert person.get(f"/v1/organizations/{org}{path}").status_code == status, (org, path)
        notes = person.get(f"/v1/organizations/{org}/credit-notes").get_json()["items"]
        assert (str(note.id) in [n["id"] for n in notes]) == (status == 200)
        assert (invoice["id"] in listed(person, org)) == (status == 200)
    for person, org in ((team.legal, team.org), (team.outsider, outsider_org)):
        paid = person.post(f"/v1/organizations/{org}/invoices/{invoice['id']}/payments", {})
        assert paid.status_code == 404 and Invoice.get_by_id(invoice["id"]).paid_minor == 0


def test_pa6_billings_endpoints_let_a_partner_user_in_exactly_as_orgs_decides(billing):
    team, partner, partner_legal = client_and_partner(billing)
    granted, other = product(team.org, EXPIRY, name="granted.ch"), product(team.org, EXPIRY, name="other.ch")
    external = billing.person("external@agency.example")
    billing.member(partner, external, external=True)
    access = billing.app.extensions["access_client"]
    grants = {"full with billing": {"scope": "full", "billing": True},
              "full": {"scope": "full", "billing": False},
              "limited technical": {"scope": "limited", "products": {str(granted.id): {"technical": True,
                                                                                       "statistics": False}}},
              "stopped": {"scope": "full", "billing": True, "status": "ended"}}
    reads = {"billing.read": "/invoices", "product.read": f"/products/{granted.id}",
             "product.read other": f"/products/{other.id}"}
    seen = set()
    for name, fields in grants.items():
        DelegatedGrant.delete().execute()
        grant = DelegatedGrant.create(partner_organization_id=partner, client_organization_id=team.org, **fields)
        for person in (partner_legal, external):
            for asked, path in reads.items():
                action, product_id = asked.split()[0], granted.id if path.endswith(str(granted.id)) else None
                product_id = other.id if asked.endswith("other") else product_id
                decision = access.check(person.id, action, team.org, product_id)
                status = person.get(f"{team.base}{path}").status_code
                assert status == (200 if decision["decision"] == "allow" else 404), (name, person.email, asked)
                if decision["decision"] == "allow":
                    assert decision["via"] == {"kind": "delegation", "id": str(grant.id)}
                seen.add((name, person is partner_legal, asked, status))
    allowed = {(name, asked) for name, internal, asked, status in seen if status == 200}
    assert allowed == {("full with billing", "billing.read"), ("full with billing", "product.read"),
                       ("full with billing", "product.read other"), ("full", "product.read"),
                       ("full", "product.read other"), ("limited technical", "product.read")}
    assert not any(status == 200 for _n, internal, _a, status in seen if not internal)  # external: nothing


def test_pa8_billings_worker_consumes_link_events_from_the_real_broker(tmp_path, databases, amqp_prefix):
    import json

    import pika

    from services.billing.models import db
    from services.common import topology
    from services.common.db import bind
    from tests.conftest import AMQP_URL
    from tests.e2e.system import System, wait_until

    system = System(tmp_path / "system", databases, AMQP_URL, amqp_prefix)
    system.dir.mkdir()
    system.start_worker("billing")
    try:
        wait_until(lambda: '"msg": "consuming"' in system.log("billing-worker"), what="billing's consumer")
        client, partner = str(uuid.uuid4()), str(uuid.uuid4())
        link = Link(None, client, partner)
        envelopes = [link.envelope("approved"), link.envelope("stopped", status="stopped")]
        connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
        channel = connection.channel()
        channel.confirm_delivery()
        for envelope in (envelopes[1], envelopes[0], envelopes[1]):  # late, older, and twice
            channel.basic_publish(topology.exchange({"AMQP_PREFIX": amqp_prefix}), envelope["type"],
                                  json.dumps(envelope), pika.BasicProperties(message_id=str(envelope["id"])))
        connection.close()
        wait_until(lambda: system.log("billing-worker").count('"msg": "event ') >= 3, what="three deliveries")
        database = bind(db, system.db_urls["billing"])
        route = PayerRoute.get_by_id(link.id)
        assert (route.version, route.status, route.payer) == (2, "stopped", "partner")
        log = system.log("billing-worker")
        assert log.count('"msg": "event applied"') == 2 and log.count('"msg": "duplicate event ignored"') == 1
        database.close()
    finally:
        system.close()
