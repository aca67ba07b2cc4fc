"""Tenant isolation (BI13) over every billing path under /v1/organizations/{organization_id},
walked from billing's /openapi.json: a member of another organization reaches nothing of the
victim's, neither through the victim's organization (no billing rights there) nor through their
own with the victim's ids; every answer is a 404 problem and nothing is written.

A path parameter or request body this test does not know makes it fail until a value is added
to IDS or BODIES, so a new endpoint is covered the day it appears."""
import pytest

from services.billing.models import BillingAccount, Invoice, OutboxEvent, Payment, PaymentProfile, PrepaidEntry

from .payments_support import add_profile, billing, deposit, invoice, orgs, shop  # noqa: F401 - fixtures

TABLES = (BillingAccount, Invoice, OutboxEvent, Payment, PaymentProfile, PrepaidEntry)
CHF = {"amount": "5.00", "currency": "CHF"}
BODIES = {
    ("post", "/v1/organizations/{organization_id}/payment-profiles"):
        {"method": "card", "card_number": "4242424242424242", "expires": "2030-12"},
    ("post", "/v1/organizations/{organization_id}/invoices/{invoice_id}/payments"): {},
    ("post", "/v1/organizations/{organization_id}/prepaid/deposits"): {"amount": CHF, "profile_id": "{profile_id}"},
    ("post", "/v1/organizations/{organization_id}/prepaid/withdrawals"):
        {"amount": CHF, "iban": "CH93 0076 2011 6238 5295 7"},
}


@pytest.fixture
def victim(shop):
    profile = add_profile(shop.bea, shop.base)
    bill = invoice(shop.app, shop.org)
    payment = deposit(shop.bea, shop.base, "50.00", profile["id"]).get_json()["payment"]
    return {"organization_id": shop.org, "profile_id": profile["id"], "invoice_id": str(bill.id),
            "payment_id": payment["id"]}


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
    return {k: fill(v, ids) if isinstance(v, str) else v for k, v in body.items()} if body else None


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
