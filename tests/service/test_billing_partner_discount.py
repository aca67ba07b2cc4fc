"""PA11 in billing: the partner discount on an order a partner places for a client it pays for
(billing's projection of partner.benefits.changed decides the rates), and the line facts of
billing.invoice.issued that partner's cashback reads (public price, discounts, catalogue partner
price) on every invoice."""
import uuid

import pytest

from services.billing.models import Invoice, InvoiceLine, PartnerBenefit
from services.common.events import make_envelope
from services.partner.events import PRODUCED as PARTNER_EVENTS

from .billing_orders_support import domain, hosting, order_with, pay, place, promotion
from .billing_served import billing, emitted, orgs  # noqa: F401 - fixtures
from .test_billing_payer import deliver, partner_pays_and_acts, renew

RATES = {"hosting": "20", "ksuite": "10", "domain": "0"}


def benefits(billing, partner, version, active=True, rates=None):
    data = {"partner_organization_id": partner, "version": version, "active": active, "currency": "CHF",
            "tier": "silver" if active else None, "rates": RATES if rates is None else rates,
            "ratecard_version": "2026.1"}
    return deliver(billing, make_envelope("partner.benefits.changed", "partner", data, produced=PARTNER_EVENTS))


@pytest.fixture
def setup(billing):
    """A client whose active link says the partner pays, the partner's administrator acting
    through that link (orgs' access check: via delegation), the partner's benefits running."""
    team, partner, _legal, link, staff = partner_pays_and_acts(billing)
    assert benefits(billing, partner, 1) == "applied"
    return team, partner, staff, link


def lines_of(invoice_id):
    return list(InvoiceLine.select().where(InvoiceLine.invoice == invoice_id).order_by(InvoiceLine.position))


def facts_of(invoice_id):
    return next(e for e in emitted("billing.invoice.issued") if e["invoice_id"] == str(invoice_id))["lines"]


def test_pa11_the_partner_placing_an_order_it_pays_gets_the_partner_discount_on_each_line(billing, setup):
    team, partner, staff, _link = setup
    promotion("TEN", percent="10")
    order = order_with(staff, team.org, domain("shop.ch"), hosting())
    assert staff.put(f"/v1/organizations/{team.org}/orders/{order['id']}/promotion-code",
                      {"code": "TEN"}).status_code == 200
    placed = place(staff, team.org, order["id"])
    invoice = Invoice.get_by_id(placed["invoice_id"])
    assert str(invoice.organization_id) == partner
    assert [i["partner_discount"]["amount"] for i in placed["items"]] == ["1.60", "15.00"]
    assert (placed["subtotal"]["amount"], placed["discount"]["amount"], placed["net"]["amount"]) == (
        "67.90", "6.79", "61.11")
    name, web, promo = lines_of(invoice.id)
    # domain: public 9.50, the catalogue's partner price 7.90; hosting: 75.00 less 20 %
    assert (name.public_minor, name.partner_discount_minor, name.discount_minor, name.net_minor) == (950, 160, 160, 790)
    assert name.catalogue_partner_minor == 790 and "partner discount CHF 1.60" in name.description
    assert (web.public_minor, web.partner_discount_minor, web.net_minor, web.catalogue_partner_minor) == (
        7500, 1500, 6000, None)
    # the promotion reduces what the partner discount left: 10 % of 67.90, reductions multiplied
    assert promo.kind == "discount" and promo.net_minor == -679
    assert invoice.net_minor == 790 + 6000 - 679
    pay(invoice.id)
    facts = {f["kind"] + (f["product_type"] or ""): f for f in facts_of(invoice.id)}
    assert {k: (f["public_minor"], f["discount_minor"], f["partner_discount_minor"], f["catalogue_partner_minor"],
                f["net_minor"]) for k, f in facts.items()} == {
        "orderdomain-ch": (950, 160, 160, 790, 790), "orderweb-hosting": (7500, 1500, 1500, None, 6000),
        "discount": (-679, 0, 0, None, -679)}


def test_pa11_no_discount_for_the_clients_own_order_a_lapsed_partner_or_a_partner_that_does_not_pay(
        billing, setup):
    team, partner, staff, link = setup

    def placed_lines(person, *items):
        order = order_with(person, team.org, *items)
        return lines_of(place(person, team.org, order["id"])["invoice_id"])

    own = placed_lines(team.legal, domain("client.ch"), hosting())  # the client orders: cashback, not a discount
    assert [(line.partner_discount_minor, line.discount_minor) for line in own] == [(0, 0), (0, 0)]
    assert [(line.public_minor, line.catalogue_partner_minor) for line in own] == [(950, 790), (7500, None)]
    assert benefits(billing, partner, 3, active=False) == "applied"  # lapsed
    assert benefits(billing, partner, 2) == "applied"  # an older state arriving late changes nothing
    assert PartnerBenefit.get_by_id(partner).version == 3
    assert [line.partner_discount_minor for line in placed_lines(staff, hosting())] == [0]
    assert benefits(billing, partner, 4) == "applied"
    assert [line.partner_discount_minor for line in placed_lines(staff, hosting())] == [1500]
    link.send("payer_changed", payer="client")  # the client pays again: the partner earns cashback instead
    invoice_id = place(staff, team.org, order_with(staff, team.org, hosting())["id"])["invoice_id"]
    assert str(Invoice.get_by_id(invoice_id).organization_id) == team.org
    assert [line.partner_discount_minor for line in lines_of(invoice_id)] == [0]


def test_pa11_a_free_voucher_period_is_not_discounted_again_and_renewals_carry_their_facts(billing, setup):
    team, partner, staff, _link = setup
    from .billing_orders_support import voucher
    voucher("FREEYEAR")
    order = order_with(staff, team.org, domain("free.ch", periods=3, voucher_code="FREEYEAR"))
    placed = place(staff, team.org, order["id"])
    (line,) = lines_of(placed["invoice_id"])
    # three years at 9.50, the first free: 19.00 charged, partner price 2 × 7.90
    assert (line.public_minor, line.catalogue_partner_minor, line.partner_discount_minor, line.net_minor) == (
        2850, 1580, 320, 1580)
    pay(placed["invoice_id"])
    product_id = next(e for e in emitted("billing.product.ordered"))["product_id"]
    renewed = renew(team.legal, team.org, product_id)  # renewals are never discounted
    (fact,) = facts_of(renewed["id"])
    assert (fact["kind"], fact["public_minor"], fact["partner_discount_minor"], fact["catalogue_partner_minor"],
            fact["net_minor"]) == ("renewal", 950, 0, 790, 950)
    assert uuid.UUID(fact["line_id"])
