"""Who may (BI13, OR14): billing asks orgs' access check on every endpoint; without billing
rights orders, addresses and renewals answer 404. Tenant isolation: another organization's
order, product and address ids answer 404 and change nothing. Bad input on every endpoint of
orders, products and addresses answers a problem and writes nothing."""
import uuid

import pytest

from services.billing.models import (BillingAddress, Invoice, Order, OrderItem, OutboundMessage, OutboxEvent, Product,
                                     PromotionCode)

from .billing_orders_support import domain, order_with, pay, place, promotion
from .billing_served import billing, orgs  # noqa: F401 - fixtures

ADDRESS = {"name": "Alpine Web SA", "street": "Rue du Lac 1", "postal_code": "1000", "city": "Lausanne",
           "country": "CH"}


def holdings(team):
    """A cart with an item, a paid product and an address in the team's organization."""
    address = team.legal.post(f"{team.base}/billing-addresses", ADDRESS).get_json()
    paid = order_with(team.legal, team.org, domain("held.ch"))
    pay(place(team.legal, team.org, paid["id"])["invoice_id"])
    product = team.legal.get(f"{team.base}/products").get_json()[0]
    cart = order_with(team.legal, team.org, domain("cart.ch"))
    return {"cart": cart, "item": cart["items"][0], "product": product, "address": address}


def footprint():
    return [model.select().count() for model in (Order, OrderItem, Product, Invoice, BillingAddress, OutboxEvent,
                                                 OutboundMessage)] + [list(Product.select().tuples()),
                                                                      list(BillingAddress.select().tuples()),
                                                                      list(Order.select().tuples())]


def test_bi13_without_billing_rights_orders_addresses_and_renewals_answer_404(billing):
    team = billing.team()
    held = holdings(team)
    calls = [("get", f"{team.base}/orders", None), ("post", f"{team.base}/orders", {}),
             ("get", f"{team.base}/orders/{held['cart']['id']}", None),
             ("post", f"{team.base}/orders/{held['cart']['id']}/items", domain("more.ch")),
             ("get", f"{team.base}/billing-addresses", None), ("post", f"{team.base}/billing-addresses", ADDRESS),
             ("post", f"{team.base}/renewals", {"items": [{"product_id": held["product"]["id"]}]})]
    before = footprint()
    for person in (team.admin, team.collaborator, team.outsider):
        for method, path, body in calls:
            response = person.call(method, path, body)
            assert response.status_code == 404, (person.email, method, path, response.get_json())
            assert response.mimetype == "application/problem+json"
    assert footprint() == before
    for method, path, body in calls:
        assert team.accountant.call(method, path, body).status_code in (200, 201), (method, path)


def test_tenant_isolation_another_organizations_ids_answer_404_and_change_nothing(billing):
    mine, theirs = billing.team(name="Mine"), billing.team(name="Theirs")
    holdings(mine)
    other = holdings(theirs)
    cart, item, product, address = (other["cart"]["id"], other["item"]["id"], other["product"]["id"],
                                    other["address"]["id"])
    before = footprint()
    for base in (mine.base, theirs.base):  # under my organization's path, and under theirs
        for method, path, body in [
            ("get", f"/orders/{cart}", None), ("post", f"/orders/{cart}/items", domain("x.ch")),
            ("delete", f"/orders/{cart}/items/{item}", None), ("put", f"/orders/{cart}/promotion-code", {"code": "X"}),
            ("post", f"/orders/{cart}/placement", {}), ("post", f"/orders/{cart}/verification", {"document": "d"}),
            ("get", f"/products/{product}", None), ("post", f"/products/{product}/cancellation", {"confirm": True}),
            ("put", f"/products/{product}/billing-address", {"billing_address_id": None}),
            ("post", "/renewals", {"items": [{"product_id": product}]}),
            ("patch", f"/billing-addresses/{address}", {"city": "Bern"}),
            ("delete", f"/billing-addresses/{address}", None),
            ("put", f"/billing-addresses/{address}/default", None),
        ]:
            response = mine.legal.call(method, base + path, body)
            assert response.status_code == 404, (base, method, path, response.get_json())
    mine_cart = order_with(mine.legal, mine.org, domain("mine.ch"))["id"]
    mine_product = mine.legal.get(f"{mine.base}/products").get_json()[0]["id"]
    placed = mine.legal.post(f"{mine.base}/orders/{mine_cart}/placement", {"billing_address_id": address})
    assert placed.status_code == 404
    assert mine.legal.put(f"{mine.base}/products/{mine_product}/billing-address",
                          {"billing_address_id": address}).status_code == 404
    assert mine.legal.post(f"{mine.base}/renewals", {"items": [{"product_id": mine_product}],
                                                     "billing_address_id": address}).status_code == 404
    assert footprint()[3:5] == before[3:5] and footprint()[7:9] == before[7:9]  # no invoice, product or address moved
    assert [p["id"] for p in theirs.legal.get(f"{theirs.base}/products").get_json()] == [product]


def bad_requests(team, held):
    cart, item, product, address = held["cart"]["id"], held["item"]["id"], held["product"]["id"], held["address"]["id"]
    orders, missing = f"{team.base}/orders", str(uuid.uuid4())
    return [
        ("get", f"{orders}?status=sleeping", None, 422),
        ("post", orders, {"currency": "EUR"}, 422),
        ("post", f"{orders}/{cart}/items", {}, 422),
        ("post", f"{orders}/{cart}/items", domain(months="12"), 422),
        ("post", f"{orders}/{cart}/items", domain(months=0), 422),
        ("post", f"{orders}/{cart}/items", domain(periods=0), 422),
        ("post", f"{orders}/{cart}/items", domain(units=0), 422),
        ("post", f"{orders}/{cart}/items", domain(warranty="yes"), 422),
        ("post", f"{orders}/{cart}/items", domain(name="a\u0000b.ch"), 422),
        ("post", f"{orders}/{cart}/items", domain(name="x" * 201), 422),
        ("post", f"{orders}/{cart}/items", domain(colour="red"), 422),
        ("post", f"{orders}/{cart}/items", domain(voucher_code=""), 422),
        ("post", f"{orders}/{missing}/items", domain(), 404),
        ("delete", f"{orders}/{cart}/items/{missing}", None, 404),
        ("put", f"{orders}/{cart}/promotion-code", {}, 422),
        ("put", f"{orders}/{cart}/promotion-code", {"code": 5}, 422),
        ("put", f"{orders}/{cart}/promotion-code", {"code": "EXPIRED"}, 422),
        ("post", f"{orders}/{cart}/placement", {"billing_address_id": "nowhere"}, 422),
        ("post", f"{orders}/{cart}/placement", {"billing_address_id": missing}, 404),
        ("post", f"{orders}/{cart}/verification", {}, 422),
        ("post", f"{orders}/{cart}/verification", {"document": ""}, 422),
        ("post", f"{orders}/{cart}/verification", {"document": "not held"}, 409),
        ("post", f"{team.base}/renewals", {}, 422),
        ("post", f"{team.base}/renewals", {"items": []}, 422),
        ("post", f"{team.base}/renewals", {"items": [{"product_id": "x"}]}, 422),
        ("post", f"{team.base}/renewals", {"items": [{"product_id": product, "periods": 0}]}, 422),
        ("post", f"{team.base}/renewals", {"items": [{"product_id": missing}]}, 404),
        ("post", f"{team.base}/renewals", {"items": [{"product_id": product}], "billing_address_id": missing}, 404),
        ("post", f"{team.base}/products/{product}/cancellation", {"confirm": "yes"}, 422),
        ("post", f"{team.base}/products/{product}/cancellation", {"confirm": False}, 422),
        ("put", f"{team.base}/products/{product}/billing-address", {}, 422),
        ("put", f"{team.base}/products/{product}/billing-address", {"billing_address_id": missing}, 404),
        ("get", f"{team.base}/products?status=sleeping", None, 422),
        ("get", f"{team.base}/products/{missing}", None, 404),
        ("post", f"{team.base}/billing-addresses", {}, 422),
        ("post", f"{team.base}/billing-addresses", {**ADDRESS, "country": "ch"}, 422),
        ("post", f"{team.base}/billing-addresses", {**ADDRESS, "email": "nobody"}, 422),
        ("post", f"{team.base}/billing-addresses", {**ADDRESS, "name": ""}, 422),
        ("patch", f"{team.base}/billing-addresses/{address}", {}, 422),
        ("patch", f"{team.base}/billing-addresses/{address}", {"country": "Switzerland"}, 422),
        ("patch", f"{team.base}/billing-addresses/{address}", {"name": None}, 422),
        ("put", f"{team.base}/billing-addresses/{missing}/default", None, 404),
        ("delete", f"{team.base}/billing-addresses/{missing}", None, 404),
    ]


def test_bad_input_on_every_orders_products_and_addresses_endpoint_answers_a_problem_and_writes_nothing(billing, clock):
    team = billing.team()
    held = holdings(team)
    promotion("EXPIRED", percent="5", days=1)
    clock.advance(days=2)
    before, uses = footprint(), PromotionCode.get_by_id("EXPIRED").uses
    for method, path, body, status in bad_requests(team, held):
        response = team.legal.call(method, path, body)
        assert response.status_code == status, (method, path, body, response.get_json())
        assert response.mimetype == "application/problem+json", (method, path)
    broken = team.legal.call("post", f"{team.base}/orders/{held['cart']['id']}/items", data="{not json",
                             headers={"Content-Type": "application/json"})
    assert broken.status_code == 400 and broken.mimetype == "application/problem+json"
    assert footprint() == before and PromotionCode.get_by_id("EXPIRED").uses == uses


@pytest.mark.parametrize("who", ["admin", "collaborator"])
def test_bi13_a_person_without_billing_rights_learns_nothing_of_another_orders_existence(billing, who):
    team = billing.team()
    cart = order_with(team.legal, team.org, domain())
    person = getattr(team, who)
    known, unknown = (person.get(f"{team.base}/orders/{cart['id']}"),
                      person.get(f"{team.base}/orders/{uuid.uuid4()}"))
    assert known.status_code == unknown.status_code == 404
    assert known.get_json()["detail"] == unknown.get_json()["detail"]
