"""PA2 through partner's consumer and API, against the real orgs and identity: billing's product
events and partner's own link events move each partner's managed volume incrementally; the
status machine (eligible, warning, grace, lapsed) with its events and mails; the daily grace run
and the monthly re-evaluation that corrects (and counts) a wrong figure; the threshold and rate
card endpoints. Events go through services.common.consumer's `apply`, as the worker applies them
(one transaction with the processed-event row); tests run no broker."""
import json
import logging
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from services.billing.events import PRODUCED as BILLING_PRODUCED
from services.common import clock, runs
from services.common.consumer import Consumer
from services.common.events import EnvelopeSchema, make_envelope
from services.common.metrics import THRESHOLD_CORRECTIONS
from services.partner import app as partner_app
from services.partner import ratecard, threshold_runs
from services.partner.benefits import benefits_of
from services.partner.events import CONSUMED
from services.partner.link_events import changed
from services.partner.handlers import SUBSCRIPTIONS
from services.partner.models import (Link, OutboxEvent, Partner, ProcessedEvent, ProductFact, ScheduledRun,
                                     Standing, VolumeContribution, db)
from tests.conftest import service_config

from .partner_apps_support import StaffPerson
from .partner_links_served import FULL, emitted, links_system, mails_to, orgs, scope_limited  # noqa: F401
from .test_partner_links import active_link

START = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
RUNS = {run.name: run for run in threshold_runs.RUNS}


class Feed:
    """Delivers events to partner's consumer as the worker would."""

    def __init__(self, system):
        self.system = system
        self.consumer = Consumer(system.app.config, system.app.extensions["database"], ProcessedEvent,
                                 SUBSCRIPTIONS, CONSUMED)
        self.seen = set()

    def deliver(self, envelope):
        return self.consumer.apply(EnvelopeSchema().load(json.loads(json.dumps(envelope, default=str))))

    def links(self):
        """Partner's own partner.link.* events not yet delivered, oldest first."""
        rows = OutboxEvent.select().where(OutboxEvent.type.startswith("partner.link.")).order_by(OutboxEvent.seq)
        for row in rows:
            if row.seq not in self.seen:
                self.seen.add(row.seq)
                self.deliver(json.loads(row.envelope))

    def product(self, client_org, price, kind="ordered", status="active", currency="CHF", months=12,
                product_id=None, family="hosting"):
        """A billing.product.<kind> event; returns (product_id, envelope)."""
        product_id = product_id or str(uuid.uuid4())
        data = {"product_id": product_id, "organization_id": client_org, "billed_organization_id": client_org,
                "product_type": "web_hosting", "family": family, "status": status,
                "started_on": date(2026, 1, 1), "expires_on": date(2027, 1, 1), "period_months": months,
                "units": 1, "price_minor": price, "currency": currency}
        if kind in ("ordered", "renewed"):
            data.update(periods=1, period_start=date(2026, 1, 1), period_end=date(2027, 1, 1), net_minor=price,
                        invoice_id=str(uuid.uuid4()), ordered_by={"account_id": None})
            if kind == "renewed":
                data["how"] = "manual"
        else:
            data["reason"] = "test"
        envelope = make_envelope(f"billing.product.{kind}", "billing", data, produced=BILLING_PRODUCED)
        self.deliver(envelope)
        return product_id, envelope


@pytest.fixture
def feed(links_system):
    return Feed(links_system)


def standing(partner):
    return Standing.get_by_id(partner.org)


def threshold_mails(partner):
    return [(s, t) for s, t in mails_to(partner.legal.email) if "threshold" in t.lower()]


def read(person, partner):
    return person.get(f"/v1/partners/{partner.org}/threshold")


def test_pa2_a_partner_crosses_the_threshold_with_its_clients_products(links_system, feed, clock):
    clock.set(START)
    partner, client, _link = active_link(links_system, scope=FULL)
    feed.links()
    body = read(partner.legal, partner).get_json()
    assert (body["status"], body["volume"]["amount"], body["volume"]["currency"], body["benefits_active"]) == (
        "lapsed", "0.00", "CHF", False)  # a new partner never reached it
    feed.product(client.org, 150000)  # CHF 1,500.00 a year
    feed.product(client.org, 24999, months=6)  # CHF 249.99 × 2 = 499.98
    assert standing(partner).volume_minor == 199998 and standing(partner).status == "lapsed"
    assert emitted("partner.threshold.") == [] and emitted("partner.benefits.") == []
    feed.product(client.org, 2, months=12)  # CHF 0.02 more: 2,000.00, exactly reached
    row = standing(partner)
    assert (row.volume_minor, row.status, row.version, row.tier, row.benefits_active) == (
        200000, "warning", 1, "partner", True)
    [changed] = emitted("partner.threshold.changed")
    assert (changed["status"], changed["previous_status"], changed["volume_minor"], changed["threshold_minor"],
            changed["version"]) == ("warning", "lapsed", 200000, 200000, 1)
    [benefits] = emitted("partner.benefits.changed")
    assert (benefits["active"], benefits["tier"], benefits["rates"]["hosting"], benefits["version"],
            benefits["ratecard_version"]) == (True, "partner", "10", 1, "2026.12.1")
    [(subject, text)] = threshold_mails(partner)
    assert "close to the partner threshold" in subject and "2’000.00" in text
    feed.product(client.org, 20000)  # 2,200.00: the margin passed
    body = read(partner.admin, partner).get_json()
    assert (body["status"], body["volume"]["amount"], body["threshold"]["amount"], body["progress_percent"],
            body["tier"], body["rates"]["ssl"], body["grace_ends_at"]) == (
        "eligible", "2200.00", "2000.00", "110.00", "partner", "15", None)
    assert [e["status"] for e in emitted("partner.threshold.changed")] == ["warning", "eligible"]
    assert len(emitted("partner.benefits.changed")) == 1  # same tier, same rates: nothing to publish


def test_pa2_only_active_products_the_link_covers_count_and_old_or_repeated_events_change_nothing(
        links_system, feed, clock):
    clock.set(START)
    listed, unlisted = str(uuid.uuid4()), str(uuid.uuid4())
    partner, client, _link = active_link(links_system, scope=scope_limited(listed))
    feed.links()
    _, ordered = feed.product(client.org, 100000, product_id=listed)
    feed.product(client.org, 500000, product_id=unlisted)  # not in the limited scope
    assert standing(partner).volume_minor == 100000
    assert feed.deliver(ordered) == "duplicate"
    clock.advance(hours=1)
    feed.product(client.org, 100000, kind="suspended", status="suspended", product_id=listed)
    assert standing(partner).volume_minor == 0
    assert VolumeContribution.select().count() == 0
    stale = dict(ordered, id=str(uuid.uuid4()), occurred_at=(START - timedelta(days=1)).isoformat())
    assert feed.deliver(stale) == "applied"  # processed, but older than the fact: ignored
    assert ProductFact.get_by_id(listed).status == "suspended" and standing(partner).volume_minor == 0
    clock.advance(hours=1)
    feed.product(client.org, 100000, kind="reactivated", product_id=listed)
    assert standing(partner).volume_minor == 100000


def test_pa2_a_eur_partner_counts_chf_products_converted_at_the_configured_rate(links_system, feed, clock):
    clock.set(START)
    partner = links_system.team(currency="EUR", name="Euro Partners", prefix="p")
    Partner.create(organization_id=partner.org, name="Euro Partners", currency="EUR",
                   contact_emails=[partner.legal.email])
    client = links_system.client()
    active_link(links_system, partner, client, scope=FULL)
    feed.links()
    feed.product(client.org, 170001)  # CHF 1,700.01 / 0.94 = EUR 1,808.521… → 1,808.52
    [row] = VolumeContribution.select()
    assert row.amount_minor == 180852 and row.conversion["pair"] == "EUR/CHF" and row.conversion["rate"] == "0.94"
    body = read(partner.legal, partner).get_json()
    assert (body["status"], body["currency"], body["volume"]["amount"], body["volume"]["currency"],
            body["threshold"]["amount"]) == ("warning", "EUR", "1808.52", "EUR", "1800.00")


def test_pa2_a_client_leaving_starts_90_days_of_grace_then_the_benefits_stop(links_system, feed, clock):
    clock.set(START)
    partner, client, link = active_link(links_system, scope=FULL)
    other = links_system.client(name="Seilbahn AG")
    active_link(links_system, partner, other, scope=FULL)
    feed.links()
    feed.product(client.org, 300000)
    feed.product(other.org, 50000)
    assert standing(partner).status == "eligible"
    with db.atomic():  # the client stops the link (PA10's two confirmations are test_partner_stop's)
        changed(Link.get_by_id(link["id"]), "stopped", None, "client", status="stopped", closed_side="client",
                closed_at=clock.utcnow())
    feed.links()
    row = standing(partner)
    ends = START.replace(tzinfo=None) + timedelta(days=90)
    assert (row.volume_minor, row.status, row.grace_ends_at, row.benefits_active) == (50000, "grace", ends, True)
    body = read(partner.legal, partner).get_json()
    assert (body["status"], body["grace_days_left"], body["benefits_active"], body["tier"]) == (
        "grace", 90, True, "partner")
    assert "fell below" in threshold_mails(partner)[-1][0]
    clock.advance(days=89)
    assert runs.execute(links_system.app.config, ScheduledRun, RUNS["threshold-grace"],
                        RUNS["threshold-grace"].key(clock.today()))["total"] == 0
    assert read(partner.legal, partner).get_json()["grace_days_left"] == 1
    clock.advance(days=1)
    assert read(partner.legal, partner).get_json()["status"] == "lapsed"  # read as lapsed before the run
    assert standing(partner).status == "grace"
    assert benefits_of(partner.org, links_system.app.extensions["ratecard"]).active is False  # cashback reads it so
    counts = runs.execute(links_system.app.config, ScheduledRun, RUNS["threshold-grace"],
                          RUNS["threshold-grace"].key(clock.today()))
    assert counts["changed"] == 1
    assert threshold_runs.end_grace(partner.org, clock.utcnow()) is False  # a redo changes nothing
    row = standing(partner)
    assert (row.status, row.benefits_active, row.tier, row.grace_ends_at) == ("lapsed", False, None, None)
    assert [e["status"] for e in emitted("partner.threshold.changed")] == ["eligible", "grace", "lapsed"]
    assert emitted("partner.benefits.changed")[-1]["active"] is False
    assert "stopped" in threshold_mails(partner)[-1][0]
    feed.product(other.org, 150000)  # back above: eligible/warning at once
    assert standing(partner).status == "warning"


def test_pa2_back_above_during_grace_clears_it(links_system, feed, clock):
    clock.set(START)
    partner, client, _link = active_link(links_system, scope=FULL)
    feed.links()
    product, _ = feed.product(client.org, 250000)
    clock.advance(hours=1)
    feed.product(client.org, 250000, kind="cancelled", status="cancelled", product_id=product)
    assert standing(partner).status == "grace"
    clock.advance(days=30)
    feed.product(client.org, 210000)
    row = standing(partner)
    assert (row.status, row.grace_ends_at) == ("warning", None)


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_pa2_the_monthly_reevaluation_corrects_a_wrong_figure_logs_and_counts_it(links_system, feed, clock):
    clock.set(START)
    partner, client, _link = active_link(links_system, scope=FULL)
    feed.links()
    feed.product(client.org, 250000)
    feed.product(client.org, 50000)
    run = RUNS["threshold-reevaluation"]
    before = THRESHOLD_CORRECTIONS._value.get()
    counts = runs.execute(links_system.app.config, ScheduledRun, run, run.key(clock.today()))
    assert counts["changed"] == 0 and THRESHOLD_CORRECTIONS._value.get() == before  # the increments agree
    Standing.update(volume_minor=Standing.volume_minor - 200000).where(
        Standing.partner_organization_id == partner.org).execute()  # a lost increment
    VolumeContribution.delete().where(VolumeContribution.amount_minor == 50000).execute()
    assert runs.execute(links_system.app.config, ScheduledRun, run, run.key(clock.today())) is None  # once a month
    clock.set(START + timedelta(days=31))
    caught, logger = Records(), logging.getLogger("services.partner.threshold_runs")
    logger.addHandler(caught)
    try:
        counts = runs.execute(links_system.app.config, ScheduledRun, run, run.key(clock.today()))
    finally:
        logger.removeHandler(caught)
    assert counts["changed"] == 1 and THRESHOLD_CORRECTIONS._value.get() == before + 1
    [record] = [r for r in caught.records if r.getMessage() == "threshold volume corrected"]
    assert (record.incremental_minor, record.expected_minor) == (100000, 300000)
    assert standing(partner).volume_minor == 300000 and VolumeContribution.select().count() == 2
    assert standing(partner).status == "eligible"


def test_pa2_only_the_partners_managers_and_staff_read_its_threshold(links_system, feed):
    partner, client, _link = active_link(links_system, scope=FULL)
    for who, status in ((partner.legal, 200), (partner.admin, 200), (partner.collaborator, 403),
                        (partner.outsider, 404), (client.legal, 404)):
        assert read(who, partner).status_code == status, who.email
    assert read(client.legal, client).status_code == 404  # not a partner
    staff = StaffPerson(links_system, "reviewer@partner-portal.example")
    assert read(staff, partner).get_json()["status"] == "lapsed"  # staff read any partner's
    assert read(staff, client).status_code == 404


def test_pa11_the_rate_card_is_published(links_system):
    body = links_system.person().get("/v1/ratecard").get_json()
    assert body["version"] == "2026.12.1"
    assert [(t["name"], t["from"]["CHF"], t["from"]["EUR"]) for t in body["tiers"]] == [
        ("partner", "2000.00", "1800.00"), ("silver", "10000.00", "9000.00"), ("gold", "50000.00", "45000.00")]
    assert body["tiers"][2]["rates"]["ssl"] == "35" and "domain" not in body["tiers"][0]["rates"]


def test_pa11_a_bad_rate_card_stops_the_start_naming_the_mistake(tmp_path, databases):
    bad = tmp_path / "ratecard.yaml"
    bad.write_text(ratecard.PACKAGED.read_text().replace('hosting: "30"', 'hosting: "40"'))
    config = service_config(partner_app, tmp_path, databases, "partner", RATECARD_FILE=str(bad))
    with pytest.raises(ratecard.RateCardError, match="hosting: 40 % is above the 35 % maximum"):
        partner_app.create_app(config)
    partner_app.load_ratecard({**config, "RATECARD_FILE": str(ratecard.PACKAGED)}, None)
