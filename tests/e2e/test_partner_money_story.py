"""Issue 12's money story through the APIs over real RabbitMQ and the real workers, told twice:
once clean, once with the broker restarted and the partner worker killed (SIGKILL) in the
middle. Both tellings must end with the same threshold figures and history, cashback
statements and entries, prepaid balances and ledgers, and branded invoices (issue 12, item 8).

The story (figures in tests/browser/money_support.py): a partner's clients order products until
it crosses the CHF 2,000 threshold (PA2, eligible); a month of paid invoices earns cashback
under PA11's conditions; a client leaves and the 90-day grace clock starts, the benefits going
on; on the 1st of the next month the monthly run issues one statement and billing credits the
partner's prepaid account once (PA11); the partner, who pays for its other client, states a
markup and that client receives the partner's branded invoice by mail, its PDF from billing (PX5).

The faults, in the second telling: the broker is stopped while the month's orders are placed
and paid (billing's events wait in its outbox, the partner's in its queue), then started; the
partner worker is killed right after the client stopped its link (the stop's event waits in
partner's outbox, or is half-handled) and started again."""
import signal
from datetime import datetime, timedelta
from decimal import Decimal

from tests.browser import money_support as story
from tests.browser.money_support import FULL, FULL_WITH_BILLING, chf

from .broker import rabbitmq
from .telling import assert_nothing_parked, tell


def test_pa2_pa11_px5_the_money_story_ends_with_the_same_figures_after_a_broker_restart_and_a_killed_worker(
        tmp_path, amqp_prefix):
    clean = tell(tmp_path / "clean", amqp_prefix + "c", _story, faults=False, WEBHOOKS_ALLOW_PRIVATE="true")
    faulty = tell(tmp_path / "faults", amqp_prefix + "f", _story, faults=True, WEBHOOKS_ALLOW_PRIVATE="true")
    for part in clean:
        assert faulty[part] == clean[part], part


def _story(system, clock, faults):
    cast = story.Cast(system)
    paul, lea, bruno = cast.paul, cast.lea, cast.bruno
    helvetic, alpine, bergsicht = cast.helvetic, cast.alpine, cast.bergsicht
    figure = story.wait_threshold(paul, helvetic, "lapsed", "0.00", "a new partner: never reached")
    assert (figure["threshold"], figure["benefits_active"]) == (chf("2000.00"), False)

    # PA5, PA8: Bergsicht pays its own invoices; Helvetic pays Alpine's and has its billing
    bergsicht_link = story.authorize(bruno, bergsicht, helvetic, FULL, "client")
    story.authorize(lea, alpine, helvetic, FULL_WITH_BILLING, "partner")

    # PA2: the clients' products count toward the partner's managed volume
    invoice = story.order(bruno, bergsicht, [{"product_type": "nas-synology", "name": "Bergsicht NAS"},
                                             {"product_type": "web-hosting", "name": "bergsicht.ch", "units": 12}])
    story.pay(bruno, bergsicht, invoice, cast.cards[bergsicht])
    story.wait_threshold(paul, helvetic, "lapsed", "1050.00", "Bergsicht's products to count")
    invoice = story.order(paul, alpine, [{"product_type": "web-hosting", "name": "alpine-web.ch", "units": 20}])
    story.pay(paul, helvetic, invoice, cast.cards[helvetic])
    eligible = story.wait_threshold(paul, helvetic, "eligible", "2250.00", "the threshold crossed")
    assert (eligible["tier"], eligible["benefits_active"], eligible["grace_ends_at"]) == ("partner", True, None)
    assert eligible["rates"]["hosting"] == "10" and Decimal(eligible["progress_percent"]) >= 100
    bergsicht_products = story.product_ids(bruno, bergsicht, 2)

    # PA11: a month of paid invoices while the benefits run (the broker down meanwhile, second telling)
    if faults:
        rabbitmq("stop")
    try:
        renewal = story.renew(bruno, bergsicht, bergsicht_products["bergsicht.ch"])
        story.pay(bruno, bergsicht, renewal["id"], cast.cards[bergsicht])  # full access, client pays: 81.00
        invoice = story.order(lea, alpine, [{"product_type": "ksuite", "name": "Alpine kSuite"}])
        story.pay(paul, helvetic, invoice, cast.cards[helvetic])  # full access, partner pays, client orders: 5.40
    finally:
        if faults:
            rabbitmq("start")
    story.wait_threshold(paul, helvetic, "eligible", "2304.00", "the kSuite to count")

    # PA10, PA2: Bergsicht leaves; below the threshold after being above: 90 days of grace
    story.stop_link(bruno, bergsicht, bergsicht_link["id"])
    if faults:
        system.kill("partner-worker", signal.SIGKILL)
        system.start_worker("partner")
    grace = story.wait_threshold(paul, helvetic, "grace", "1254.00", "the grace period to start")
    assert grace["benefits_active"] is True and grace["tier"] == "partner"
    assert datetime.fromisoformat(grace["grace_ends_at"]) - datetime.fromisoformat(grace["since"]) == timedelta(days=90)
    assert grace["grace_days_left"] in (89, 90)
    invoice = story.order(lea, alpine, [{"product_type": "ssl-certificate", "name": "shop.alpine-web.ch"}])
    story.pay(paul, helvetic, invoice, cast.cards[helvetic])  # in grace the benefits go on: 7.35
    story.wait_threshold(paul, helvetic, "grace", "1303.00", "the certificate to count")
    entries = _entries(paul, helvetic, clock.month)

    # PA11: the 1st of next month the monthly run issues one statement; billing credits it once
    clock.to_next_month()
    cast.refresh()
    paul, lea = cast.paul, cast.lea
    story.eventually(lambda: [(s["month"], s["earned"], s["amount"], s["entries"], s["status"])
                              for s in story.statements(paul, helvetic)],
                     [(clock.month, chf("93.75"), chf("93.75"), 3, "credited")], timeout=90,
                     what="one statement, issued and credited")
    story.eventually(lambda: _prepaid(paul, helvetic), (chf("93.75"), [("cashback", chf("93.75"))]),
                     what="the prepaid account credited once")
    grace = story.threshold(paul, helvetic)
    assert (grace["status"], grace["benefits_active"]) == ("grace", True)  # 60 days are left

    # PX5: Helvetic rebills Alpine with a markup; Lea's renewal billed to Helvetic is rebranded
    branded = _rebill(system, cast, clock)

    story.settle()
    assert_nothing_parked(system)
    figures = {
        "threshold": story.stable(story.threshold(paul, helvetic)),
        "threshold_history": [(e["data"]["version"], e["data"]["previous_status"], e["data"]["status"],
                               e["data"]["volume_minor"]) for e in story.outbox(system, "partner",
                                                                              "partner.threshold.changed")],
        "benefits_history": [(e["data"]["version"], e["data"]["active"], e["data"]["tier"]) for e in
                             story.outbox(system, "partner", "partner.benefits.changed")],
        "statements": story.stable(story.statements(paul, helvetic)),
        "entries": entries,
        "balances": {name: story.stable(story.prepaid(person, org)) for name, person, org in
                     (("helvetic", paul, helvetic), ("alpine", lea, alpine))},
        "branded_invoices": branded,
        "credits": [e["data"]["amount_minor"] for e in story.outbox(system, "partner", "partner.cashback.credited")],
    }
    assert [h[1:] for h in figures["threshold_history"]] == [("lapsed", "eligible", 225000),
                                                           ("eligible", "grace", 125400)]
    assert figures["credits"] == [9375]  # partner.cashback.credited once
    return figures


def _prepaid(person, organization_id):
    account = story.prepaid(person, organization_id)
    return account["balance"], [(e["kind"], e["amount"]) for e in account["items"]]


def _entries(paul, helvetic, month):
    """The month's cashback entries once the three paid invoices reached the partner."""
    path = f"/v1/partners/{helvetic}/cashback/entries"

    def earned():
        items = paul.call("GET", "partner", path, params={"month": month})["items"]
        return sorted((e["family"], e["condition"], e["amount"]["amount"]) for e in items), items
    expected = [("hosting", "full-client-pays", "81.00"), ("ksuite", "full-partner-pays", "5.40"),
                ("ssl", "full-partner-pays", "7.35")]
    story.eventually(lambda: earned()[0], expected, what="the month's cashback entries")
    return sorted((story.stable(e) for e in earned()[1]), key=lambda e: e["family"])


def _rebill(system, cast, clock):
    paul, lea, helvetic, alpine = cast.paul, cast.lea, cast.helvetic, cast.alpine
    rebilling = f"/v1/partners/{helvetic}"
    paul.call("PUT", "billing", rebilling + "/branding", json={
        "name": "Helvetic Partners SA", "street": "Rue du Lac 1", "postal_code": "1003", "city": "Lausanne",
        "country": "CH", "vat_number": "CHE-116.281.710 MWST", "currency": "CHF", "iban": "CH93 0076 2011 6238 5295 7",
        "qr_iban": "CH44 3199 9123 0008 8901 2", "number_prefix": "HP"})
    paul.call("POST", "billing", rebilling + "/markup-rules", json={
        "client_organization_id": alpine, "kind": "percent", "percent": "20", "rounding": "0.05",
        "effective_from": clock.next_month_day.isoformat()})
    ksuite = story.product_ids(lea, alpine, 3)["Alpine kSuite"]
    story.renew(lea, alpine, ksuite)  # billed to Helvetic, who pays for Alpine (PA8)

    def issued():
        return paul.call("GET", "billing", rebilling + "/branded-invoices", params={"client": alpine})["items"]
    story.eventually(lambda: [(b["number"], b["cost"], b["net"], b["month"]) for b in issued()],
                     [(f"HP-{clock.next_month_day.year}-000001", chf("54.00"), chf("64.80"), clock.next_month)],
                     what="the branded invoice")
    branded = issued()
    detail = paul.call("GET", "billing", f"{rebilling}/branded-invoices/{branded[0]['id']}")
    assert [(line["family"], line["cost"], line["net"], line["vat_rate"]) for line in detail["lines"]] == [
        ("ksuite", chf("54.00"), chf("64.80"), "8.1")]
    pdf = paul.call("GET", "billing", f"{rebilling}/branded-invoices/{branded[0]['id']}/pdf")
    assert pdf.content.startswith(b"%PDF")
    mailed = system.mail_link(story.LEA, rf"invoice {branded[0]['number']} of [0-9-]+: [0-9.]+ CHF")
    assert mailed.endswith(": 70.05 CHF") and detail["total"] == chf("70.05")  # 64.80 + 8.1 % VAT
    return story.stable(detail)
