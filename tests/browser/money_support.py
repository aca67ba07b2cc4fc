"""Issue 12's money story, shared by the end-to-end test over the APIs
(tests/e2e/test_partner_money_story.py) and the browser story
(tests/browser/test_partner_money_story.py): the cast, the clock moved to fixed instants, orders
and payments, and each service's figures read back without ids or instants (what must be the
same whatever faults happened on the way).

The figures (CHF, catalogue 2026.12.1, rate card 2026.12.1):
- Bergsicht (Bruno) authorizes Helvetic with full access, Bergsicht pays; Alpine (Lea) with
  full access, billing entrusted, Helvetic pays (PA5, PA8).
- Bruno orders a NAS Synology (240.00 a year) and 12 units of web hosting (67.50 from 5 units:
  810.00): managed volume 1,050.00, below CHF 2,000: `lapsed` (never reached). Paid while the
  partner's benefits are off: no cashback.
- Paul orders 20 units of web hosting (60.00 from 20 units: 1,200.00) for Alpine through his
  delegation: volume 2,250.00 >= 2,000 × 1.10: `eligible`, tier `partner`. The partner's own
  order: no cashback (PA11), and no discount either (benefits were off when it was placed).
- A month of paid invoices while the benefits run: Bruno renews his hosting (810.00, hosting
  10 %: cashback 81.00, full access and the client pays); Lea orders kSuite (54.00, 10 %: 5.40,
  full access, the partner pays, the client orders): volume 2,304.00.
- Bergsicht stops the link (PA10): volume 1,254.00 < 2,000: `grace` for 90 days, the benefits
  go on; Lea orders an SSL certificate (49.00, ssl 15 %: 7.35): volume 1,303.00.
- The 1st of the next month: the monthly run issues one statement of 93.75 (3 entries) and
  billing credits Helvetic's prepaid account once: balance 93.75.
- Paul states his branding and a markup of 20 % (rounded to 0.05) for Alpine from that day;
  Lea renews kSuite, billed to Helvetic: Alpine receives Helvetic's branded invoice (cost 54.00,
  resale 64.80, 70.05 with VAT) in its own number series, mailed to Lea, its PDF from billing (PX5).
"""
import json
import mailbox
import re
import time
import uuid
from datetime import datetime, timedelta, timezone

from services.common import clock
from tests.e2e.system import wait_until

from .partner_support import CARD, LEA, PASSWORD, PAUL, Person, approved_partner, signed_up

BRUNO = "bruno@bergsicht.example"
STATEMENT = "93.75"  # the month's cashback: 81.00 + 5.40 + 7.35
ITEM = {"months": 12, "periods": 1, "units": 1, "warranty": False, "auto_renew": False}
FULL = {"scope": "full", "products": None, "billing": False}
FULL_WITH_BILLING = {"scope": "full", "products": None, "billing": True}
VOLATILE = re.compile(r"(^id$|_id$|_at$|^since$|^grace_days_left$|^created$|^next_cursor$|^action_url$)")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def chf(amount):
    """Money as the services show it (services/common/money_schema.MoneyField)."""
    return {"amount": amount, "amount_minor": int(amount.replace(".", "")), "currency": "CHF"}


# -- time ---------------------------------------------------------------------------------------

def first_of_next_month(day):
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


class StoryClock:
    """The system's clock (TEST_CLOCK, CLOCK_FILE) set to fixed instants, only ever forward, so
    that two runs of the story see the same dates whenever they run: the story starts on the
    3rd of next month at 09:00 UTC (`month`), its statements are issued on the 1st of the month
    after (`next_month`)."""

    def __init__(self, path):
        self.path = path
        self.offset = 0.0
        start = first_of_next_month(datetime.now(timezone.utc).date())
        self.month = start.strftime("%Y-%m")
        self.next_month_day = first_of_next_month(start)
        self.next_month = self.next_month_day.strftime("%Y-%m")
        self.start = datetime(start.year, start.month, 3, 9, tzinfo=timezone.utc)

    def to(self, instant):
        offset = (instant - datetime.now(timezone.utc)).total_seconds()
        assert offset > self.offset, "the story's clock only moves forward"
        self.offset = offset
        clock.write_offset(self.path, offset)

    def to_start(self):
        self.to(self.start)

    def to_next_month(self):
        day = self.next_month_day
        self.to(datetime(day.year, day.month, day.day, 2, tzinfo=timezone.utc))


# -- the cast -----------------------------------------------------------------------------------

class Cast:
    """Paul's approved partner company Helvetic, Lea's Alpine Web and Bruno's Bergsicht, each
    with a card profile; people get fresh tokens after the clock moved (`refresh`)."""

    def __init__(self, system):
        self.system = system
        self.paul, self.helvetic = approved_partner(system, PAUL, "Helvetic Partners")
        self.lea = signed_up(system, LEA, "Alpine Web")
        self.alpine = self.lea.organization_id()
        self.bruno = signed_up(system, BRUNO, "Bergsicht")
        self.bergsicht = self.bruno.organization_id()
        self.cards = {org: card_profile(person, org) for person, org in
                      ((self.paul, self.helvetic), (self.lea, self.alpine), (self.bruno, self.bergsicht))}

    def refresh(self):
        """New tokens on the moved clock (the old ones expired with it)."""
        self.paul, self.lea, self.bruno = (Person(self.system, email) for email in (PAUL, LEA, BRUNO))


def card_profile(person, organization_id):
    return person.call("POST", "billing", f"/v1/organizations/{organization_id}/payment-profiles", json=CARD)["id"]


def authorize(client, client_id, partner_id, scope, payer):
    """PA5: the client's legal representative authorizes the partner on its own initiative: active
    at once; waits until orgs and billing applied it (the delegation, who pays)."""
    link = client.call("POST", "partner", f"/v1/clients/{client_id}/links", json={
        "partner_organization_id": partner_id, "scope": scope, "payer": payer})
    assert link["status"] == "active", link
    wait_until(lambda: route(client.system, link["id"]) == "active", what="billing to learn who pays for the link")
    return link


def stop_link(client, client_id, link_id):
    """PA10 in two steps, the second with the password."""
    base = f"/v1/clients/{client_id}/links/{link_id}"
    token = client.call("POST", "partner", base + "/stop-request", json={})["token"]
    stopped = client.call("POST", "partner", base + "/stop", json={"token": token, "password": PASSWORD})
    assert stopped["status"] == "stopped"
    return stopped


# -- orders and payments ------------------------------------------------------------------------

def order(person, organization_id, items):
    """An order of `items` (catalogue type, name, units) placed by `person` in the organization;
    its pro-forma's id (invoiced to whoever pays for the organization, PA8)."""
    billing = f"/v1/organizations/{organization_id}"

    def opened():  # a partner's delegation reaches billing through orgs a moment after the approval
        response = person.call("POST", "billing", billing + "/orders", json={}, expect=None)
        return response if isinstance(response, dict) and "id" in response else None
    cart = wait_until(opened, what="a cart")
    for item in items:
        person.call("POST", "billing", f"{billing}/orders/{cart['id']}/items", json={**ITEM, **item})
    return person.call("POST", "billing", f"{billing}/orders/{cart['id']}/placement", json={})["invoice_id"]


def pay(person, organization_id, invoice_id, profile_id):
    paid = person.call("POST", "billing", f"/v1/organizations/{organization_id}/invoices/{invoice_id}/payments",
                       json={"profile_id": profile_id})
    assert paid["status"] == "succeeded", paid
    return paid


def renew(person, organization_id, product_id):
    """BI2: one period more, invoiced at once to whoever pays (PA8)."""
    return person.call("POST", "billing", f"/v1/organizations/{organization_id}/renewals",
                       json={"items": [{"product_id": product_id, "periods": 1}]})


def product_ids(person, organization_id, count):
    """{name: id} of the organization's products, once billing started `count` of them."""
    path = f"/v1/organizations/{organization_id}/products"
    products = wait_until(lambda: len(person.call("GET", "billing", path)) == count
                          and person.call("GET", "billing", path), what=f"{count} products")
    return {p["name"]: p["id"] for p in products}


# -- reading the figures ------------------------------------------------------------------------

def threshold(partner, partner_id):
    return partner.call("GET", "partner", f"/v1/partners/{partner_id}/threshold", expect=None)


def wait_threshold(partner, partner_id, status, volume, what):
    """The partner's PA2 figure once the events reached it: `status` at `volume` (CHF)."""
    eventually(lambda: _status(threshold(partner, partner_id)), (status, chf(volume)), what=what)
    return threshold(partner, partner_id)


def _status(figure):
    return figure.get("status"), figure.get("volume")


def statements(partner, partner_id):
    return partner.call("GET", "partner", f"/v1/partners/{partner_id}/cashback/statements")["items"]


def prepaid(person, organization_id):
    return person.call("GET", "billing", f"/v1/organizations/{organization_id}/prepaid")


def mails_to(system, address):
    folder = system.var / "mail"
    if not all((folder / part).is_dir() for part in ("new", "cur", "tmp")):
        return []
    return [m for m in mailbox.Maildir(folder, create=False) if address in (m["To"] or "")]


def stable(value):
    """`value` without what differs from one run to another (ids, instants, cursors): what two
    runs of the story must agree on."""
    if isinstance(value, dict):
        return {k: stable(v) for k, v in sorted(value.items()) if not VOLATILE.search(k)}
    if isinstance(value, list):
        return [stable(v) for v in value]
    if isinstance(value, str) and UUID.match(value):
        return "<id>"
    return value


def route(system, link_id):
    """Billing's status of the link's payer route (PA8), None before its first event."""
    found = [status for route_link, status in system.rows("billing", "SELECT link_id, status FROM payer_route")
             if uuid.UUID(str(route_link)) == uuid.UUID(link_id)]
    return found[0] if found else None


def outbox(system, service, prefix):
    """The service's events of types starting with `prefix`, in order, once published."""
    def published():
        found = [(json.loads(envelope), sent) for envelope, sent in
                 system.rows(service, "SELECT envelope, published_at FROM outbox ORDER BY seq")]
        found = [(e, sent) for e, sent in found if e["type"].startswith(prefix)]
        return all(sent for _, sent in found) and ([e for e, _ in found],)
    return wait_until(published, timeout=60, what=f"{service}'s {prefix} events published")[0]


def eventually(read, expected, timeout=60, what="the figures"):
    """Waits until `read()` gives `expected`; else fails showing what it gives."""
    try:
        wait_until(lambda: read() == expected, timeout=timeout, what=what)
    except AssertionError:
        came = read()
        assert came == expected, f"{what}: {came!r} came, not {expected!r}"


def settle(seconds=1.5):
    """Give redeliveries time to happen before the final figures are read."""
    time.sleep(seconds)
