"""Helpers of the orders and products tests: a cart filled and placed through the API, and
payment as payments will do it (issue the pro-forma, mark it paid, settle it in one transaction)."""
from datetime import timedelta

from services.billing import invoicing, settlement
from services.billing.models import Invoice, PromotionCode, Voucher, db
from services.common import clock


def order_with(person, org, *items, expect=201):
    """A cart with `items` (dicts of the item body) added one by one; the last answer's body."""
    created = person.post(f"/v1/organizations/{org}/orders", {})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    for item in items:
        added = person.post(f"/v1/organizations/{org}/orders/{body['id']}/items", item)
        assert added.status_code == expect, added.get_json()
        body = added.get_json() if expect == 201 else body
    return body


def domain(name="alpine-web.ch", **extra):
    return {"product_type": "domain-ch", "name": name, "months": 12, **extra}


def hosting(units=1, **extra):
    return {"product_type": "web-hosting", "name": "Shop", "months": 12, "units": units, **extra}


def place(person, org, order_id, **body):
    response = person.post(f"/v1/organizations/{org}/orders/{order_id}/placement", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def pay(invoice_id):
    """What payments does when an invoice is paid in full: issue a draft (the pro-forma), record
    the payment, and settle the invoice (settlement.invoice_paid) in the same transaction."""
    with db.atomic():
        invoice = Invoice.get_by_id(invoice_id)
        if invoice.status == "draft":
            invoicing.issue(invoice, invoice.ordered_by)
        Invoice.update(status="paid", paid_minor=Invoice.total_minor, paid_at=clock.utcnow()).where(
            Invoice.id == invoice.id).execute()
        settlement.invoice_paid(Invoice.get_by_id(invoice.id))


def promotion(code="SPRING", percent=None, amount_minor=None, currency=None, days=30, max_uses=None):
    today = clock.today()
    return PromotionCode.create(code=code, percent=percent, amount_minor=amount_minor, currency=currency,
                                valid_from=today, valid_until=today + timedelta(days=days), max_uses=max_uses)


def voucher(code="FREEDOM", product_type="domain-ch", months=12, days=30):
    return Voucher.create(code=code, product_type=product_type, months=months,
                          valid_until=clock.today() + timedelta(days=days))
