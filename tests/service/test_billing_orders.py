"""Carts and orders (BI1, BI2, BI3, BI4, BI10): items priced from the catalogue in the
organization's currency, names per family, vouchers next to their product, promotion codes at
the end of the order. Billing asks the real orgs over HTTP (billing_support.py)."""
from services.billing.models import Order, OrderItem, PaymentProfile, PromotionCode, Voucher

from .billing_orders_support import domain, hosting, order_with, place, promotion, voucher
from .billing_served import billing, orgs  # noqa: F401 - fixtures


def money(minor, currency="CHF"):
    return {"amount": f"{minor // 100}.{minor % 100:02d}", "amount_minor": minor, "currency": currency}


def test_bi10_a_cart_is_in_the_organizations_currency_with_volume_tiered_prices(billing):
    team = billing.team(currency="EUR")
    order = order_with(team.accountant, team.org, hosting(units=5, periods=2))
    assert order["status"] == "cart" and order["currency"] == "EUR"
    item = order["items"][0]
    # 5 units reach the tier from 5 on: EUR 63.00 a unit and year, not the public 70.00
    assert item["unit_price"] == money(6300, "EUR") and item["net"] == money(63000, "EUR")
    assert item["family"] == "hosting" and order["subtotal"] == order["net"] == money(63000, "EUR")
    assert team.accountant.get(f"{team.base}/orders/{order['id']}").get_json() == order
    assert [o["id"] for o in team.legal.get(f"{team.base}/orders?status=cart").get_json()] == [order["id"]]


def test_bi1_a_domain_name_is_one_label_and_the_types_extension(billing):
    team = billing.team()
    order = order_with(team.legal, team.org, domain("Alpine-Web.CH"))
    assert order["items"][0]["name"] == "alpine-web.ch"
    for bad in ("alpine-web.com", "-alpine.ch", "alpine web.ch", "a.b.ch", ".ch", "x" * 64 + ".ch"):
        refused = team.legal.post(f"{team.base}/orders/{order['id']}/items", domain(bad))
        assert refused.status_code == 422 and refused.get_json()["rule"] == "BI1", bad
    wrong_units = team.legal.post(f"{team.base}/orders/{order['id']}/items", domain("other.ch", units=2))
    assert wrong_units.get_json()["rule"] == "BI1"
    ssl = team.legal.post(f"{team.base}/orders/{order['id']}/items",
                          {"product_type": "ssl-certificate", "name": "*.Alpine-Web.ch", "months": 12})
    assert ssl.status_code == 201 and ssl.get_json()["items"][1]["name"] == "*.alpine-web.ch"
    unknown = team.legal.post(f"{team.base}/orders/{order['id']}/items", domain(product_type="radio"))
    assert unknown.status_code == 422 and unknown.get_json()["rule"] == "BI1"
    assert OrderItem.select().count() == 2


def test_bi2_periods_are_bounded_by_the_types_max_periods_and_months_by_its_prices(billing):
    team = billing.team()
    order = order_with(team.legal, team.org, domain(periods=10))  # .ch domains: up to 10 years at once
    assert order["items"][0]["net"] == money(9500)
    too_many = team.legal.post(f"{team.base}/orders/{order['id']}/items", domain("b.ch", periods=11))
    assert too_many.status_code == 422 and too_many.get_json()["rule"] == "BI2"
    monthly = team.legal.post(f"{team.base}/orders/{order['id']}/items", domain("c.ch", months=1))
    assert monthly.status_code == 422 and monthly.get_json()["rule"] == "BI2"
    not_renewable = team.legal.post(f"{team.base}/orders/{order['id']}/items",
                                    {"product_type": "public-cloud", "name": "Lab", "months": 1, "periods": 2})
    assert not_renewable.get_json()["rule"] == "BI2"


def test_bi4_nas_synology_refuses_the_renewal_warranty_at_order(billing):
    team = billing.team()
    nas = {"product_type": "nas-synology", "name": "Office NAS", "months": 12}
    order = order_with(team.legal, team.org, {**nas, "warranty": False})
    refused = team.legal.post(f"{team.base}/orders/{order['id']}/items", {**nas, "warranty": True})
    assert refused.status_code == 422 and refused.get_json()["rule"] == "BI4"
    assert order_with(team.legal, team.org, domain(warranty=True))["items"][0]["warranty"] is True


def test_bi3_automatic_renewal_at_order_needs_a_visa_or_mastercard_default_profile(billing):
    team = billing.team()
    order = order_with(team.legal, team.org)
    refused = team.legal.post(f"{team.base}/orders/{order['id']}/items", domain(auto_renew=True))
    assert refused.status_code == 422 and refused.get_json()["rule"] == "BI3"
    PaymentProfile.create(organization_id=team.org, method="twint", label="Twint", provider_token="t", is_default=True)
    assert team.legal.post(f"{team.base}/orders/{order['id']}/items", domain(auto_renew=True)).status_code == 422
    PaymentProfile.update(is_default=False).execute()
    PaymentProfile.create(organization_id=team.org, method="card", brand="visa", label="Visa •••• 4242",
                          provider_token="c", is_default=True)
    added = team.legal.post(f"{team.base}/orders/{order['id']}/items", domain(auto_renew=True))
    assert added.status_code == 201 and added.get_json()["items"][0]["auto_renew"] is True


def test_bi10_a_voucher_frees_the_first_period_of_its_own_type_only(billing):
    team = billing.team()
    voucher("FREEDOM", "domain-ch")
    order = order_with(team.legal, team.org)
    wrong_type = team.legal.post(f"{team.base}/orders/{order['id']}/items", hosting(voucher_code="freedom"))
    assert wrong_type.status_code == 422 and wrong_type.get_json()["rule"] == "BI10"
    assert Voucher.get_by_id("FREEDOM").used_by_item is None and OrderItem.select().count() == 0
    added = team.legal.post(f"{team.base}/orders/{order['id']}/items", domain(periods=3, voucher_code="freedom"))
    item = added.get_json()["items"][0]
    assert item["voucher_code"] == "FREEDOM" and item["free"] == money(950) and item["net"] == money(1900)
    again = order_with(team.legal, team.org)
    used = team.legal.post(f"{team.base}/orders/{again['id']}/items", domain("b.ch", voucher_code="FREEDOM"))
    assert used.status_code == 422 and used.get_json()["rule"] == "BI10"
    # taken out of the cart, the voucher can be chosen again
    assert team.legal.delete(f"{team.base}/orders/{order['id']}/items/{item['id']}").status_code == 200
    assert team.legal.post(f"{team.base}/orders/{again['id']}/items",
                           domain("b.ch", voucher_code="FREEDOM")).status_code == 201


def test_bi10_a_promotion_code_applies_only_at_the_end_of_an_order(billing, clock):
    team = billing.team()
    promotion("SPRING", percent="10", days=5)
    order = order_with(team.legal, team.org)
    early = team.legal.put(f"{team.base}/orders/{order['id']}/promotion-code", {"code": "SPRING"})
    assert early.status_code == 422 and early.get_json()["rule"] == "BI10"
    team.legal.post(f"{team.base}/orders/{order['id']}/items", hosting())
    applied = team.legal.put(f"{team.base}/orders/{order['id']}/promotion-code", {"code": "spring"}).get_json()
    assert applied["promotion_code"] == "SPRING" and applied["discount"] == money(750)
    assert applied["net"] == money(6750)
    # the last item out, the code goes with it
    emptied = team.legal.delete(f"{team.base}/orders/{order['id']}/items/{applied['items'][0]['id']}").get_json()
    assert emptied["promotion_code"] is None
    clock.advance(days=6)
    team.legal.post(f"{team.base}/orders/{order['id']}/items", hosting())
    expired = team.legal.put(f"{team.base}/orders/{order['id']}/promotion-code", {"code": "SPRING"})
    assert expired.status_code == 422 and expired.get_json()["rule"] == "BI10"
    unknown = team.legal.put(f"{team.base}/orders/{order['id']}/promotion-code", {"code": "NOPE"})
    assert unknown.status_code == 422 and unknown.get_json()["rule"] == "BI10"


def test_bi10_a_fixed_promotion_is_in_the_orders_currency_and_never_more_than_the_order(billing):
    team = billing.team()
    promotion("TWENTY", amount_minor=2000, currency="EUR")
    promotion("HUNDRED", amount_minor=10000, currency="CHF")
    order = order_with(team.legal, team.org, domain())
    other = team.legal.put(f"{team.base}/orders/{order['id']}/promotion-code", {"code": "TWENTY"})
    assert other.status_code == 422 and other.get_json()["rule"] == "BI10"
    applied = team.legal.put(f"{team.base}/orders/{order['id']}/promotion-code", {"code": "HUNDRED"}).get_json()
    assert applied["discount"] == money(950) and applied["net"] == money(0)


def test_bi10_a_promotion_code_counts_a_use_when_placed_and_stops_at_its_maximum(billing):
    team = billing.team()
    promotion("ONCE", percent="50", max_uses=1)
    first = order_with(team.legal, team.org, domain())
    second = order_with(team.legal, team.org, domain("b.ch"))
    for order in (first, second):
        assert team.legal.put(f"{team.base}/orders/{order['id']}/promotion-code", {"code": "ONCE"}).status_code == 200
    assert place(team.legal, team.org, first["id"])["discount"] == money(475)
    refused = team.legal.post(f"{team.base}/orders/{second['id']}/placement", {})
    assert refused.status_code == 422 and refused.get_json()["rule"] == "BI10"
    assert PromotionCode.get_by_id("ONCE").uses == 1 and Order.get_by_id(second["id"]).status == "cart"


def test_creating_an_order_takes_an_idempotency_key_and_a_replay_creates_nothing(billing):
    team = billing.team()
    key = {"Idempotency-Key": "cart-1"}
    first = team.legal.post(f"{team.base}/orders", {}, headers=key)
    again = team.legal.post(f"{team.base}/orders", {}, headers=key)
    assert first.status_code == again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json() and Order.select().count() == 1
    other = team.legal.post(f"{team.base}/orders/{first.get_json()['id']}/placement", {}, headers=key)
    assert other.status_code == 422 and Order.get_by_id(first.get_json()["id"]).status == "cart"
