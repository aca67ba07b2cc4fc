"""The partner's money pages against the whole system (issue 12, PX4, PA11, PX6): the dashboard
with its server-drawn SVG charts for a partner in its grace period (the days left, the
forecast, a renewal due, cashback per month), in German too and on a phone; the cashback
statements and one statement's entries; a webhook subscription refused then added with its
secret shown once, a link approval delivered to a local endpoint and visible in the delivery
log, sent again, paused and removed. Every step is a screenshot checked by axe-core.

The threshold and cashback figures are written straight into partner's tables once its worker
applied the link's approval (their use cases are tested in the threshold and cashback
branches, end to end in the money story)."""
import json
import threading
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from services.common.db import bind
from services.partner import models as partner_models
from tests.conftest import AMQP_URL
from tests.e2e.system import SERVICES, System, wait_until

from .partner_support import approved_partner, signed_up
from .test_partner_story import _click, _flash

PARTNER, CLIENT = "nora@nordlicht-it.example", "otto@ostwind.example"
NAV = "nav[aria-label='Partner programme pages']"


@pytest.fixture
def portal_system(tmp_path, databases, amqp_prefix):
    """The whole system in its test configuration: webhooks may go to a loopback endpoint."""
    system = System(tmp_path, databases, AMQP_URL, amqp_prefix, TEST_CLOCK="1", CLOCK_FILE=str(tmp_path / "clock"),
                    RUN_SCHEDULE_POLL_SECONDS="0.5", WEBHOOKS_ALLOW_PRIVATE="1", PORTAL_PAGE_SIZE="5")
    for service in (*SERVICES, "portal"):  # waited for generously: the machine may be busy
        system.start_web(service, wait=False)
        if service in SERVICES:
            system.start_worker(service)
    for service in (*SERVICES, "portal"):
        wait_until(lambda: system._healthy(service), timeout=120, what=f"{service} web")
    for service in SERVICES:  # consuming: mails and events flow from the first step
        log = system.dir / f"{service}-worker.log"
        wait_until(lambda: log.exists() and '"consuming"' in log.read_text(), timeout=120, what=f"{service} worker")
    yield system
    system.close()


def _linked(system):
    """Nordlicht IT approved as a partner; Ostwind AG, its client, approves full access."""
    nora, partner_id = approved_partner(system, PARTNER, "Nordlicht IT")
    otto = signed_up(system, CLIENT, "Ostwind AG")
    client_id = otto.organization_id()
    link = nora.call("POST", "partner", f"/v1/partners/{partner_id}/links", json={
        "client": {"organization_id": client_id}, "scope": {"scope": "full", "products": None, "billing": True},
        "payer": "client"})
    return nora, partner_id, otto, client_id, link


def _approve(otto, client_id, link):
    otto.call("POST", "partner", f"/v1/clients/{client_id}/links/{link['id']}/approval", json={})


def _money_rows(system, partner_id, client_id, link_id):
    """In grace for 60 more days at CHF 1,950; a product due in 10 days; a statement last month."""
    bind(partner_models.db, system.db_urls["partner"])
    wait_until(lambda: partner_models.ManagedLink.select().where(  # threshold applied the approval first
        (partner_models.ManagedLink.link_id == link_id) & (partner_models.ManagedLink.status == "active")).exists(),
        what="the approval applied by partner's worker")
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    today = now.date()
    product_id = uuid.uuid4()
    partner_models.ProductFact.create(product_id=product_id, organization_id=client_id, product_type="hosting-web",
                                      family="hosting", status="active", currency="CHF", price_minor=195000,
                                      period_months=12, annual_minor=195000, expires_on=today + timedelta(days=10),
                                      event_at=now)
    partner_models.VolumeContribution.create(partner_organization_id=partner_id, product_id=product_id,
                                             client_organization_id=client_id, amount_minor=195000)
    values = {"currency": "CHF", "volume_minor": 195000, "status": "grace", "since": now - timedelta(days=30),
              "grace_ends_at": now + timedelta(days=60), "tier": "partner", "benefits_active": True,
              "ratecard_version": "2026.12.1", "version": 3}
    if not partner_models.Standing.update(**values).where(
            partner_models.Standing.partner_organization_id == partner_id).execute():
        partner_models.Standing.create(partner_organization_id=partner_id, **values)
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    statement = partner_models.CashbackStatement.create(
        partner_organization_id=partner_id, month=last_month, currency="CHF", earned_minor=19500, reversed_minor=0,
        amount_minor=19500, entries=1, issued_at=now - timedelta(hours=1))
    for month, amount in ((last_month, 19500), (today.strftime("%Y-%m"), 4200)):
        partner_models.CashbackEntry.create(
            partner_organization_id=partner_id, client_organization_id=client_id, link_id=link_id,
            invoice_id=uuid.uuid4(), invoice_line_id=uuid.uuid4(), month=month, family="hosting",
            condition="full-client-pays", currency="CHF", public_minor=amount * 10, partner_minor=amount * 9,
            amount_minor=amount, rate="10", ratecard_version="2026.12.1")
    return last_month, str(statement.id)


def test_px4_pa11_the_dashboard_in_grace_with_its_charts_then_the_cashback_statements(visitor):
    system = visitor.system
    nora, partner_id, otto, client_id, link = _linked(system)
    _approve(otto, client_id, link)
    last_month, statement_id = _money_rows(system, partner_id, client_id, link["id"])

    page = visitor.sign_in(PARTNER)
    _click(page, "nav.site-nav >> text=Partner programme")
    _click(page, f"{NAV} >> text=Dashboard")
    assert page.locator("#threshold-status").get_attribute("data-status") == "grace"
    assert "60 days left" in page.inner_text("#threshold-message")
    assert "active, tier partner" in page.inner_text("#benefits")
    for chart in ("threshold-chart", "forecast-chart", "cashback-chart"):
        assert page.locator(f"svg#{chart}[role=img] > title").count() == 1
    assert page.locator("#forecast tbody tr").count() == 12
    assert page.locator("#forecast-chart rect[data-kind=kept]").count() == 12
    assert "Ostwind AG" in page.inner_text("#renewals")
    assert page.locator(f"#cashback-months tr[data-month='{last_month}'] .status").inner_text() == "issued"
    assert "CHF" in page.inner_text("#cashback-due") and "237.00" in page.inner_text("#cashback-due")
    visitor.shot("dashboard-grace")
    page.set_viewport_size({"width": 375, "height": 800})  # usable on a phone: the charts scale down
    visitor.shot("dashboard-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    _click(page, "button[name=language][value=de]")
    visitor.assert_translated("de")
    assert "Schonfrist" in page.inner_text("#threshold-message")
    visitor.shot("dashboard-de")
    _click(page, "button[name=language][value=en]")

    _click(page, f"{NAV} >> text=Cashback")
    row = page.locator(f"#statements tr[data-statement='{statement_id}']")
    assert last_month in row.inner_text() and row.locator(".status").inner_text() == "issued"
    assert "CHF" in page.inner_text("#entries") and "Ostwind AG" in page.inner_text("#entries")  # this month's
    visitor.shot("cashback")
    _click(page, f"#statements a:has-text('{last_month}')")
    assert page.inner_text("#statement-status") == "issued"
    assert "195.00" in page.inner_text("#statement-amount")
    assert page.locator("#entries tbody tr").count() == 1
    visitor.shot("cashback-statement")


class Endpoint(BaseHTTPRequestHandler):
    """The partner's system: records what it receives, answers 200."""

    received = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Endpoint.received.append((dict(self.headers), json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    Endpoint.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/partner"
    server.shutdown()


def test_px6_a_subscription_is_added_its_deliveries_logged_sent_again_paused_and_removed(visitor, endpoint):
    system = visitor.system
    nora, partner_id, otto, client_id, link = _linked(system)
    page = visitor.sign_in(PARTNER)
    visitor.go("/partner/webhooks")
    assert page.locator("#no-webhooks").count()
    page.fill("#f-url", "ftp://hooks.nordlicht.example/partner")
    _click(page, "#add-webhook")  # no event chosen: refused, nothing sent
    assert page.inner_text("#f-events-error")
    page.check("#e-link\\.approved")
    _click(page, "#add-webhook")  # not an https (or, in tests, http) address: refused beside it
    assert page.inner_text("#f-url-error")
    visitor.shot("webhook-refused")
    page.fill("#f-url", endpoint)
    page.check("#e-link\\.approved")
    page.check("#e-threshold\\.changed")
    page.fill("#f-description", "Our CRM")
    _click(page, "#add-webhook")
    secret = page.inner_text("#webhook-secret")
    assert secret and page.locator("#webhooks tbody tr").count() == 1
    visitor.shot("webhook-added")
    visitor.go("/partner/webhooks")
    assert secret not in page.content()  # shown once

    _approve(otto, client_id, link)  # partner.link.approved: fanned out to the subscription, signed
    wait_until(lambda: Endpoint.received, what="the delivery of link.approved")
    headers, body = Endpoint.received[0]
    assert headers["Webhook-Event"] == "link.approved" and headers["Webhook-Signature"].startswith("t=")
    _click(page, "#webhooks a")
    row = page.locator("#deliveries tbody tr").first
    wait_until(lambda: page.reload() or "delivered" in row.locator(".status").inner_text(), timeout=15,
               what="the delivery logged as delivered")
    assert "link.approved" in row.inner_text() and "HTTP 200" in row.inner_text()
    visitor.shot("delivery-log")
    _click(page, "#deliveries button[id^=replay-]")
    assert "is sent again" in _flash(page)
    wait_until(lambda: len(Endpoint.received) == 2, what="the replay")
    assert Endpoint.received[1][0]["Webhook-Id"] == headers["Webhook-Id"]  # the same delivery, again

    _click(page, "#toggle-active")
    assert "paused" in _flash(page) and page.inner_text("#webhook-status") == "paused"
    _click(page, "main a.button.danger:has-text('Remove')")
    visitor.shot("webhook-remove-confirm")
    _click(page, "#confirm")
    assert "The subscription was removed." in _flash(page)
    assert page.locator("#no-webhooks").count()
