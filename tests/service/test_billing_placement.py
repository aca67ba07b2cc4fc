"""Placing an order and paying it (BI10, BI11, BI14): the pro-forma's lines, periods, discount
line and VAT by the billing address's country; the fraud sandbox's hold, the verification that
releases it, the scheduled run that cancels an unverified one after 10 days; products started
once when the pro-forma is paid, with who ordered and via what."""
from datetime import timedelta

from services.billing import held_orders, payments, periodic, prepaid, settlement
from services.billing.models import Invoice, Order, Payment, Product, ScheduledRun, db
from services.common import runs
from services.common.money import Money
from services.orgs.models import DelegatedGrant

from .billing_orders_support import domain, hosting, order_with, pay, place, promotion
from .billing_served import billing, emitted, orgs  # noqa: F401 - fixtures


def address(person, org, **fields):
    body = {"name": "Alpine Web SA", "street": "Rue du Lac 1", "postal_code": "1000", "city": "Lausanne",
            "country": "CH", **fields}
    response = person.post(f"/v1/organizations/{org}/billing-addresses", body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_placing_makes_the_pro_forma_with_periods_a_discount_line_and_swiss_vat(billing, clock):
    team = billing.team()
    promotion("SPRING", percent="10")
    order = order_with(team.legal, team.org, domain(periods=2), hosting(units=5))
    team.legal.put(f"{team.base}/orders/{order['id']}/promotion-code", {"code": "SPRING"})
    placed = place(team.legal, team.org, order["id"])
    assert placed["status"] == "placed" and placed["invoice_id"]
    invoice = Invoice.get_by_id(placed["invoice_id"])
    assert invoice.status == "draft" and invoice.number is None and invoice.country == "CH"
    lines = sorted(invoice.lines, key=lambda line: line.position)
    assert [line.kind for line in lines] == ["order", "order", "discount"]
    assert lines[0].period_start == clock.today() and lines[0].period_end == clock.today().replace(
        year=clock.today().year + 2)
    assert [line.net_minor for line in lines] == [1900, 33750, -3565]  # 10 % of 356.50
    assert lines[2].vat_minor == -289 and lines[1].vat_rate == "8.1"
    assert invoice.net_minor == 32085 and invoice.total_minor == sum(line.net_minor + line.vat_minor for line in lines)
    assert Order.get_by_id(order["id"]).ordered_via_kind == "membership"


def test_bi9_the_pro_forma_takes_vat_and_buyer_from_the_chosen_billing_address(billing):
    team = billing.team(currency="EUR")
    address(team.legal, team.org)
    berlin = address(team.legal, team.org, name="Alpine Web GmbH", city="Berlin", postal_code="10115", country="DE")
    order = order_with(team.legal, team.org, domain("alpine.ch"))
    placed = place(team.legal, team.org, order["id"], billing_address_id=berlin["id"])
    invoice = Invoice.get_by_id(placed["invoice_id"])
    assert invoice.country == "DE" and invoice.buyer["city"] == "Berlin" and invoice.lines[0].vat_rate == "19"
    assert placed["billing_address_id"] == berlin["id"]


def test_paying_the_pro_forma_starts_the_products_once_with_who_ordered(billing, clock):
    team = billing.team()
    order = order_with(team.accountant, team.org, domain(periods=2, warranty=True), hosting(units=5))
    placed = place(team.accountant, team.org, order["id"])
    pay(placed["invoice_id"])
    products = sorted(Product.select(), key=lambda p: p.type, reverse=True)
    assert [(p.type, p.family, p.expires_on) for p in products] == [
        ("web-hosting", "hosting", clock.today().replace(year=clock.today().year + 1)),
        ("domain-ch", "domain", clock.today().replace(year=clock.today().year + 2))]
    assert products[0].price_minor == 33750 and products[0].units == 5 and products[1].warranty is True
    assert {p.organization_id for p in products} == {p.billed_organization_id for p in products}
    ordered = emitted("billing.product.ordered")
    assert len(ordered) == 2 and ordered[0]["ordered_by"]["account_id"] == team.accountant.id
    assert ordered[0]["ordered_by"]["via_kind"] == "membership" and ordered[0]["periods"] == 2
    assert team.legal.get(f"{team.base}/orders/{order['id']}").get_json()["status"] == "paid"
    with db.atomic():  # a second notice of the same payment changes nothing
        settlement.invoice_paid(Invoice.get_by_id(placed["invoice_id"]))
    assert Product.select().count() == 2 and len(emitted("billing.product.ordered")) == 2


def test_bi11_a_flagged_order_is_held_until_its_verification_and_then_starts_when_paid(billing):
    team = billing.team()
    order = order_with(team.legal, team.org, domain("fraud-test.ch"))
    held = place(team.legal, team.org, order["id"])
    assert held["status"] == "held" and held["verification_required"] is True and held["invoice_id"]
    pay(held["invoice_id"])  # paid while held: nothing starts yet
    assert Product.select().count() == 0 and Order.get_by_id(order["id"]).paid_at is not None
    verified = team.legal.post(f"{team.base}/orders/{order['id']}/verification", {"document": "passport 123"})
    assert verified.status_code == 200 and verified.get_json()["status"] == "paid"
    assert Product.select().count() == 1
    again = team.legal.post(f"{team.base}/orders/{order['id']}/verification", {"document": "again"})
    assert again.status_code == 409


def test_bi11_the_sandbox_flags_an_amount_above_its_limit_and_a_marked_address(billing):
    team = billing.team()
    big = order_with(team.legal, team.org, hosting(units=100, periods=3))  # 100 × 52.50 × 3 > 5000.00
    assert place(team.legal, team.org, big["id"])["status"] == "held"
    marked = address(team.legal, team.org, street="Fraud-Test Strasse 1")
    order = order_with(team.legal, team.org, domain())
    assert place(team.legal, team.org, order["id"], billing_address_id=marked["id"])["status"] == "held"


def test_bi11_a_held_order_without_verification_is_cancelled_after_10_days(billing, clock):
    team = billing.team()
    order = order_with(team.legal, team.org, domain("fraud-test.ch"))
    held = place(team.legal, team.org, order["id"])
    verified = order_with(team.legal, team.org, domain("fraud-test-two.ch"))
    place(team.legal, team.org, verified["id"])
    team.legal.post(f"{team.base}/orders/{verified['id']}/verification", {"document": "id card"})
    config = billing.app.config
    clock.advance(days=9)
    assert runs.execute(config, ScheduledRun, held_orders.RUN, "day-9")["changed"] == 0
    clock.advance(days=1)
    assert runs.execute(config, ScheduledRun, held_orders.RUN, "day-10") == {"total": 1, "changed": 1, "unchanged": 0}
    cancelled = team.legal.get(f"{team.base}/orders/{order['id']}").get_json()
    assert cancelled["status"] == "cancelled" and "BI11" in cancelled["cancel_reason"]
    assert Invoice.get_by_id(held["invoice_id"]).status == "void"
    assert Order.get_by_id(verified["id"]).status == "placed"
    assert held_orders.cancel_held_order(order["id"], clock.utcnow() + timedelta(days=1)) is False  # a redo: no-op
    late = team.legal.post(f"{team.base}/orders/{order['id']}/verification", {"document": "too late"})
    assert late.status_code == 409


def test_bi11_the_held_orders_run_is_in_billings_schedule(billing):
    assert periodic.SCHEDULE.runs["cancel-held-orders"].period == "day"


def test_an_order_placed_by_a_partner_entrusted_with_billing_names_the_delegation(billing):
    team = billing.team()
    agent = billing.person("agent@agency.example")
    agency = billing.organization(agent, "Agency")
    grant = DelegatedGrant.create(partner_organization_id=agency, client_organization_id=team.org, scope="full",
                                  billing=True)
    order = order_with(agent, team.org, domain())
    pay(place(agent, team.org, order["id"])["invoice_id"])
    ordered = emitted("billing.product.ordered")[0]
    assert ordered["ordered_by"] == {"account_id": agent.id, "via_kind": "delegation", "via_id": str(grant.id)}
    assert ordered["organization_id"] == ordered["billed_organization_id"] == team.org


def test_bi11_a_held_order_paid_from_prepaid_is_credited_and_refunded_in_full_after_10_days(billing, clock):
    team = billing.team()
    promotion("SPRING", percent="10")
    order = order_with(team.legal, team.org, domain("fraud-test.ch"), hosting())
    team.legal.put(f"{team.base}/orders/{order['id']}/promotion-code", {"code": "SPRING"})
    held = place(team.legal, team.org, order["id"])
    total = Invoice.get_by_id(held["invoice_id"]).total
    prepaid.credit(team.org, Money(100000, "CHF"), "deposit", "test-deposit")
    paid = payments.pay_invoice(team.org, held["invoice_id"], billing.app.extensions["payment_provider"],
                                prepaid_amount=total)
    assert paid["status"] == "succeeded" and Product.select().count() == 0  # held: nothing starts
    assert prepaid.account(team.org).prepaid_balance == Money(100000, "CHF") - total
    clock.advance(days=10)
    assert runs.execute(billing.app.config, ScheduledRun, held_orders.RUN, "refund")["changed"] == 1
    invoice = Invoice.get_by_id(held["invoice_id"])
    assert invoice.credited_minor == invoice.total_minor  # a credit note of everything (discount line too)
    assert prepaid.account(team.org).prepaid_balance == Money(100000, "CHF")
    assert Payment.get(Payment.invoice_id == invoice.id).status == "refunded"
    refunds = [e for e in emitted("billing.prepaid.credited") if e["kind"] == "refund"]
    assert [e["amount_minor"] for e in refunds] == [total.minor]
    assert len(emitted("billing.credit_note.issued")) == 1
    with db.atomic():  # a redo gives nothing back twice
        assert settlement.refund_order(Order.get_by_id(order["id"])) is None
    assert prepaid.account(team.org).prepaid_balance == Money(100000, "CHF")


def test_bi11_a_held_order_paid_by_card_is_refunded_through_the_provider_after_10_days(billing, clock, monkeypatch):
    from services.billing import profiles
    from services.billing.provider import SandboxProvider

    refunded = []
    monkeypatch.setattr(SandboxProvider, "refund",
                        lambda self, reference, amount, description: refunded.append((reference, amount)) or "r1")
    team = billing.team()
    held = place(team.legal, team.org, order_with(team.legal, team.org, domain("fraud-test.ch"))["id"])
    provider = billing.app.extensions["payment_provider"]
    with db.atomic():
        card = profiles.create(team.org, provider, method="card", card_number="4242424242424242", expires="2030-12")
    paid = payments.pay_invoice(team.org, held["invoice_id"], provider, profile_id=card.id)
    assert paid["status"] == "succeeded"
    charge = Payment.get(Payment.invoice_id == held["invoice_id"])
    clock.advance(days=10)
    assert runs.execute(billing.app.config, ScheduledRun, held_orders.RUN, "card")["changed"] == 1
    assert refunded == [(charge.provider_reference, Invoice.get_by_id(held["invoice_id"]).total)]
    assert Payment.get_by_id(charge.id).status == "refunded"
    assert Invoice.get_by_id(held["invoice_id"]).credited_minor == Invoice.get_by_id(held["invoice_id"]).total_minor
