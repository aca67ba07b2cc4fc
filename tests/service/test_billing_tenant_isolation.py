"""Tenant isolation (BI13) over every billing path under /v1/organizations/{organization_id},
walked from billing's /openapi.json: a member of another organization reaches nothing of the
victim's, neither through the victim's organization (no billing rights there) nor through their
own with the victim's ids; every answer is a 404 problem and nothing is written.

A path parameter or request body this test does not know makes it fail until a value is added
to IDS or BODIES, so a new endpoint is covered the day it appears."""
import json

import pytest

from services.billing import credit_notes
from services.billing.models import (BillingAccount, BillingAddress, Invoice, Order, OrderItem, OutboxEvent, Payment,
                                     PaymentProfile, PrepaidEntry, Product)
from services.common.money import Money

from .payments_support import add_profile, billing, deposit, invoice, orgs, shop  # noqa: F401 - fixtures

TABLES = (BillingAccount, Invoice, OutboxEvent, Payment, PaymentProfile, PrepaidEntry, Order, OrderItem, Product,
          BillingAddress)
CHF = {"amount": "5.00", "currency": "CHF"}
BODIES = {
    ("post", "/v1/organizations/{organization_id}/payment-profiles"):
        {"method": "card", "card_number": "4242424242424242", "expires": "2030-12"},
    ("post", "/v1/organizations/{organization_id}/invoices/{invoice_id}/payments"): {},
    ("post", "/v1/organizations/{organization_id}/prepaid/deposits"): {"amount": CHF, "profile_id": "{profile_id}"},
    ("post", "/v1/organizations/{organization_id}/prepaid/withdrawals"):
        {"amount": CHF, "iban": "CH93 0076 2011 6238 5295 7"},
    ("put", "/v1/organizations/{organization_id}/products/auto-renewal"):
        {"product_ids": ["{product_id}"], "enabled": False},
    ("put", "/v1/organizations/{organization_id}/products/warranty"): {"product_ids": ["{product_id}"], "enabled": False},
    ("post", "/v1/organizations/{organization_id}/orders"): {},
    ("post", "/v1/organizations/{organization_id}/orders/{order_id}/items"):
        {"product_type": "domain-ch", "name": "alpine.ch", "months": 12},
    ("put", "/v1/organizations/{organization_id}/orders/{order_id}/promotion-code"): {"code": "SPRING"},
    ("post", "/v1/organizations/{organization_id}/orders/{order_id}/placement"): {},
    ("post", "/v1/organizations/{organization_id}/orders/{order_id}/verification"): {"document": "passport"},
    ("post", "/v1/organizations/{organization_id}/renewals"): {"items": [{"product_id": "{product_id}"}]},
    ("post", "/v1/organizations/{organization_id}/products/{product_id}/cancellation"): {"confirm": True},
    ("put", "/v1/organizations/{organization_id}/products/{product_id}/billing-address"):
        {"billing_address_id": "{address_id}"},
    ("post", "/v1/organizations/{organization_id}/billing-addresses"):
        {"name": "Alpine Web SA", "street": "Rue du Lac 1", "postal_code": "1000", "city": "Lausanne", "country": "CH"},
    ("patch", "/v1/organizations/{organization_id}/billing-addresses/{address_id}"): {"city": "Bern"},
}


@pytest.fixture
def victim(shop):
    profile = add_profile(shop.bea, shop.base)
    bill = invoice(shop.app, shop.org)
    payment = deposit(shop.bea, shop.base, "50.00", profile["id"]).get_json()["payment"]
    order = shop.bea.call("post", f"{shop.base}/orders", {}).get_json()
    item = shop.bea.call("post", f"{shop.base}/orders/{order['id']}/items", BODIES[
        ("post", "/v1/organizations/{organization_id}/orders/{order_id}/items")]).get_json()["items"][0]
    address = shop.bea.call("post", f"{shop.base}/billing-addresses", BODIES[
        ("post", "/v1/organizations/{organization_id}/billing-addresses")]).get_json()
    line = bill.lines.get()
    note = credit_notes.issue_credit_note(bill.id, [{"invoice_line_id": line.id, "amount": Money(100, "CHF")}], "test")
    product = Product.create(organization_id=shop.org, billed_organization_id=shop.org, type="domain-ch",
                             family="domain", name="alpine.ch", price_minor=950, currency="CHF",
                             started_on="2026-01-01", expires_on="2027-01-01")
    return {"organization_id": shop.org, "profile_id": profile["id"], "invoice_id": str(bill.id),
            "payment_id": payment["id"], "order_id": order["id"], "item_id": item["id"],
            "product_id": str(product.id), "address_id": address["id"], "credit_note_id": str(note.id)}


def operations(app):
    document = app.test_client().get("/openapi.json").get_json()
    for path, item in sorted(document["paths"].items()):
        if path.startswith("/v1/organizations/{organization_id}"):
            for method in sorted(set(item) & {"get", "post", "put", "patch", "delete"}):
                yield method, path


def fill(template, ids):
    for name in __import__("re").findall(r"{(\w+)}", template):
        assert name in ids, f"{template}: add a value for {{{name}}} to the victim fixture"
        template = template.replace(f"{{{name}}}", ids[name])
    return template


def body_for(method, path, ids):
    if method not in ("post", "put", "patch"):
        return None
    if (method, path) not in BODIES and method != "put":
        pytest.fail(f"{method.upper()} {path}: add a valid body to BODIES")
    body = BODIES.get((method, path))
    return json.loads(fill(json.dumps(body), ids)) if body is not None else None


def counts():
    return [table.select().count() for table in TABLES]


def test_bi13_another_organizations_member_gets_404_on_every_path_and_writes_nothing(shop, victim):
    add_profile(shop.eve, shop.other_base)
    before, checked = counts(), 0
    for method, path in operations(shop.app):
        body = body_for(method, path, victim)
        for organization in (victim["organization_id"], shop.other):  # theirs, then Eve's own with their ids
            ids = {**victim, "organization_id": organization}
            if organization == shop.other and path.count("{") == 1 and "_id}" not in str(BODIES.get((method, path))):
                continue  # no id of the victim's in path or body: Eve's own data
            response = shop.eve.call(method, fill(path, ids), body)
            assert response.status_code == 404, (method, path, organization, response.get_json())
            assert response.mimetype == "application/problem+json"
            checked += 1
    assert checked >= 10 and counts() == before
