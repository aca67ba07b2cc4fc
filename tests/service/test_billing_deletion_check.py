"""OR13 as billing answers it: products not cancelled, a prepaid balance or unpaid invoices block."""
import uuid
from datetime import date

import pytest

from services.billing import app as billing_app
from services.billing import service
from services.billing.models import BillingAccount, Invoice, Product
from tests.conftest import service_config

from .conftest import trust_identity


@pytest.fixture
def billing(tmp_path, databases, identity):
    app = billing_app.create_app(service_config(billing_app, tmp_path, databases, "billing"))
    yield trust_identity(app, identity)
    app.extensions["database"].close()


def new_org():
    org = uuid.uuid4()
    service.open_billing_account(org, "CHF")
    return org


def test_or13_an_organization_with_nothing_open_is_deletable(billing):
    assert service.deletion_check(new_org())["deletable"] is True


def test_or13_products_balance_and_unpaid_invoices_each_block_deletion(billing):
    org = new_org()
    Product.create(organization_id=org, billed_organization_id=org, type="domain-ch", family="domain",
                   name="alpine.ch", price_minor=1500, currency="CHF",
                   started_on=date(2026, 1, 1), expires_on=date(2027, 1, 1))
    Product.create(organization_id=org, billed_organization_id=org, type="web-hosting", family="hosting",
                   name="old", price_minor=9900, currency="CHF",
                   started_on=date(2025, 1, 1), expires_on=date(2026, 1, 1), status="cancelled")
    BillingAccount.update(prepaid_balance_minor=250).where(BillingAccount.organization_id == org).execute()
    Invoice.create(organization_id=org, status="issued", number="INV-2026-000001", currency="CHF",
                   total_minor=1621, due_on=date(2026, 12, 1))
    check = service.deletion_check(org)
    assert check["deletable"] is False
    assert [b["reason"] for b in check["blockers"]] == ["products", "prepaid_balance", "unpaid_invoices"]
    assert "1 product(s)" in check["blockers"][0]["detail"] and "2.50 CHF" in check["blockers"][1]["detail"]


def test_or13_deletion_check_is_served_to_services_with_billing_read(billing, get_token):
    org = new_org()
    _status, body = get_token("orgs", scope="billing:read")  # orgs asks before deleting
    response = billing.test_client().get(f"/v1/billing-accounts/{org}/deletion-check",
                                         headers={"Authorization": f"Bearer {body['access_token']}"})
    assert response.status_code == 200 and response.get_json()["deletable"] is True
