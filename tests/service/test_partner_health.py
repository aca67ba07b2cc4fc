"""PX4: a partner's health for its dashboard, through partner's real endpoint (orgs' real access
check): the threshold as the reads see it (a grace past its end is lapsed already, PA2), the
12-month forecast from the renewals due and the links ending, links ending soon, clients'
renewals, unpaid invoices a partner may see, cashback per month and what is due, and who may
read it (managers and staff; another partner's members 404).

The money rows (Standing, VolumeContribution, ProductFact, InvoiceFact, CashbackEntry,
CashbackStatement) are written directly: their use cases are threshold's and cashback's (issue
12's other branches); here they are only read."""
import uuid
from datetime import date, datetime, timedelta, timezone

from services.partner.models import (CashbackEntry, CashbackStatement, InvoiceFact, ProductFact, Standing,
                                     VolumeContribution)
from tests.conftest import mint_user_token

from .partner_links_served import FULL_BILLING, links_system, orgs  # noqa: F401 - fixtures
from .test_partner_links import active_link, iso

NOW = datetime(2026, 11, 10, 9, 0, tzinfo=timezone.utc)
NAIVE = NOW.replace(tzinfo=None)


def product(client_org, partner_org, amount_minor, expires_on, price_minor=None, status="active"):
    """A managed product and what it adds to the partner's volume (CHF both)."""
    product_id = uuid.uuid4()
    ProductFact.create(product_id=product_id, organization_id=client_org, product_type="hosting-web", family="hosting",
                       status=status, currency="CHF", price_minor=price_minor or amount_minor, period_months=12,
                       annual_minor=amount_minor, expires_on=expires_on, event_at=NAIVE)
    VolumeContribution.create(partner_organization_id=partner_org, product_id=product_id,
                              client_organization_id=client_org, amount_minor=amount_minor)
    return product_id


def health(person, partner, status=200):
    response = person.get(f"/v1/partners/{partner.org}/health")
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_px4_the_health_gathers_threshold_forecast_links_renewals_invoices_and_cashback(links_system, clock):
    clock.set(NOW)
    partner, client, link = active_link(links_system, scope=FULL_BILLING, ends_at=iso(NOW + timedelta(days=70)))
    soon = product(client.org, partner.org, 150000, date(2026, 11, 25))  # due this month, CHF 1500
    product(client.org, partner.org, 60000, date(2027, 3, 5))  # due in March, CHF 600
    Standing.create(partner_organization_id=partner.org, currency="CHF", volume_minor=210000, status="warning",
                    since=NAIVE - timedelta(days=3), tier="partner", benefits_active=True, version=2)
    InvoiceFact.create(invoice_id=uuid.uuid4(), organization_id=client.org, number="2026-000007", currency="CHF",
                       total_minor=12000, issued_at=NAIVE - timedelta(days=40), due_on=date(2026, 10, 31), lines=[],
                       client_organization_ids=[client.org])
    InvoiceFact.create(invoice_id=uuid.uuid4(), organization_id=partner.org, number="2026-000008", currency="CHF",
                       total_minor=5000, issued_at=NAIVE, due_on=date(2026, 12, 10), lines=[],
                       client_organization_ids=[client.org])
    InvoiceFact.create(invoice_id=uuid.uuid4(), organization_id=client.org, number="2026-000009", currency="CHF",
                       total_minor=5000, issued_at=NAIVE, due_on=date(2026, 12, 10), lines=[],
                       client_organization_ids=[client.org], paid_at=NAIVE)
    statement = CashbackStatement.create(partner_organization_id=partner.org, month="2026-10", currency="CHF",
                                         earned_minor=4000, reversed_minor=500, amount_minor=3500, entries=2)
    for month, amount, credit_note in (("2026-10", 4000, None), ("2026-10", -500, uuid.uuid4()),
                                       ("2026-11", 2500, None), ("2025-01", 999, None)):
        CashbackEntry.create(partner_organization_id=partner.org, client_organization_id=client.org,
                             link_id=link["id"], invoice_id=uuid.uuid4(), invoice_line_id=uuid.uuid4(),
                             credit_note_id=credit_note, month=month, condition="full-client-pays", currency="CHF",
                             public_minor=abs(amount) * 10, partner_minor=abs(amount) * 9, amount_minor=amount)

    found = health(partner.legal, partner)
    threshold = found["threshold"]
    assert threshold["status"] == "warning" and threshold["benefits_active"] is True
    assert (threshold["volume"]["amount"], threshold["volume"]["currency"]) == ("2100.00", "CHF")
    assert (threshold["threshold"]["amount"], threshold["threshold"]["currency"]) == ("2000.00", "CHF")
    assert threshold["progress_percent"] == "105.00" and threshold["tier"] == "partner"
    assert threshold["rates"]["hosting"] == "10" and threshold["ratecard_version"]
    assert threshold["grace_ends_at"] is None and threshold["grace_days_left"] is None

    months = found["forecast"]
    assert [m["month"] for m in months] == [f"2026-{m}" for m in ("11", "12")] + [f"2027-{m:02d}" for m in range(1, 11)]
    assert (months[0]["renewals_due"]["count"], months[0]["renewals_due"]["amount"]["amount"]) == (1, "1500.00")
    assert months[4]["renewals_due"]["count"] == 1 and months[1]["renewals_due"]["count"] == 0
    # the link ends on 19 January without extending: from January on, its client's products are not managed
    assert [m["volume"]["amount"] for m in months[:3]] == ["2100.00", "2100.00", "0.00"]

    assert found["links_ending"] == []  # 70 days: beyond the 30 days shown
    assert [(r["product_id"], r["client_name"], r["annual"]["amount"]) for r in found["renewals"]] == [
        (str(soon), "Bergbahnen AG", "1500.00")]
    unpaid = found["unpaid_invoices"]
    assert [(i["number"], i["overdue"], i["client_name"]) for i in unpaid] == [
        ("2026-000007", True, "Bergbahnen AG"), ("2026-000008", False, "Bergbahnen AG")]

    cashback = {m["month"]: m for m in found["cashback"]}
    assert len(found["cashback"]) == 12 and found["cashback"][-1]["month"] == "2026-11" and "2025-01" not in cashback
    assert cashback["2026-10"]["earned"]["amount"] == "40.00" and cashback["2026-10"]["reversed"]["amount"] == "5.00"
    assert (cashback["2026-10"]["status"], cashback["2026-10"]["statement_id"]) == ("issued", str(statement.id))
    assert (cashback["2026-11"]["status"], cashback["2026-11"]["net"]["amount"]) == ("open", "25.00")
    assert found["cashback_due"]["amount"] == "60.00"  # 35 issued + 25 open

    clock.set(NOW + timedelta(days=45))  # the link's end now within 30 days
    assert [e["link_id"] for e in health(partner.legal, partner)["links_ending"]] == [link["id"]]


def test_pa2_a_grace_past_its_end_reads_as_lapsed_before_the_daily_run(links_system, clock):
    clock.set(NOW)
    partner, _client, _link = active_link(links_system)
    Standing.create(partner_organization_id=partner.org, currency="CHF", volume_minor=199999, status="grace",
                    since=NAIVE - timedelta(days=10), grace_ends_at=NAIVE + timedelta(days=80), tier="partner",
                    benefits_active=True)
    threshold = health(partner.legal, partner)["threshold"]
    assert (threshold["status"], threshold["grace_days_left"], threshold["benefits_active"]) == ("grace", 80, True)
    assert threshold["progress_percent"] == "99.99"  # 1999.99 of 2000.00: not reached
    clock.set(NOW + timedelta(days=80, seconds=1))
    threshold = health(partner.legal, partner)["threshold"]
    assert (threshold["status"], threshold["benefits_active"], threshold["tier"], threshold["rates"]) == (
        "lapsed", False, None, {})


def test_px4_a_new_partner_reads_lapsed_at_zero(links_system, clock):
    partner = links_system.partner()
    found = health(partner.legal, partner)
    assert found["threshold"]["status"] == "lapsed" and found["threshold"]["volume"]["amount"] == "0.00"
    assert len(found["forecast"]) == 12 and found["cashback_due"]["amount"] == "0.00"


def test_px4_managers_and_staff_read_others_are_refused(links_system, clock):
    partner, other = links_system.partner(), links_system.partner(name="Other Partners")
    health(partner.admin, partner)
    for person, status in ((partner.collaborator, 403), (partner.outsider, 404), (other.legal, 404)):
        health(person, partner, status)
    identity = links_system.identity
    staff = mint_user_token(identity.config["VAR_DIR"], identity.config["ISSUER"], str(uuid.uuid4()),
                            "openid staff", ["orgs", "partner"], ttl=600)
    response = links_system.app.test_client().get(f"/v1/partners/{partner.org}/health",
                                                  headers={"Authorization": f"Bearer {staff}"})
    assert response.status_code == 200, response.get_json()
    client = links_system.client()  # an organization that is not a partner
    assert health(client.legal, client, 404)
