"""Pieces of the billing runs' tests (BI3, BI4, BI6): products and cards, and stand-ins for what
the runs call outside their own modules.

`Payments` stands in for `payments.charge_invoice(invoice, profile)` (issue 10, item 5) as the
runs expect it: a Payment row is written before the provider is asked, a declined card fails
it, an accepted one issues the pro-forma, pays it and settles it in one transaction; the
settlement part calls the runs' hooks (`renewals.invoice_paid`, `dunning.invoice_paid`) as
`settlement.invoice_paid` does. `Orgs` answers orgs' contacts endpoint for billing_contacts."""
import json
import uuid
from datetime import date

from services.billing import dunning, invoicing, renewals, run_context
from services.billing.models import Invoice, OutboxEvent, Payment, PaymentProfile, Product, db
from services.common import clock

CONFIG = {"RUN_LEASE_SECONDS": 60, "FAILPOINTS": "", "RUN_SCHEDULE_POLL_SECONDS": 0}


class Orgs:
    """Every organization has one billing contact, who reads French."""

    def __init__(self):
        self.asked = []

    def get(self, path):
        self.asked.append(path)
        return [{"account_id": str(uuid.uuid4()), "email": "compta@alpine.ch", "language": "fr",
                 "role": "legal_representative", "billing_rights": True, "external": False,
                 "contact_preferences": {}}]


class Payments:
    def __init__(self):
        self.declined = set()  # profile ids whose charges the provider declines
        self.charges = []

    def charge_invoice(self, invoice, profile):
        self.charges.append((invoice.id, profile.id))
        with db.atomic():
            payment = Payment.create(organization_id=invoice.organization_id, invoice_id=invoice.id, method="card",
                                     profile_id=profile.id, amount_minor=invoice.total_minor,
                                     currency=invoice.currency)
        if profile.id in self.declined:
            Payment.update(status="failed", failure="declined").where(Payment.id == payment.id).execute()
            return "failed"
        with db.atomic():
            Payment.update(status="succeeded", completed_at=clock.utcnow()).where(Payment.id == payment.id).execute()
            settle(Invoice.get_by_id(invoice.id))
        return "succeeded"


def settle(invoice):
    """What paying an invoice does (the payments and orders helpers' code): issue a pro-forma,
    mark it paid, and run the settlement's hooks. Inside the caller's transaction."""
    if invoice.status == "draft":
        product = Product.get_by_id(invoice.lines.get().product_id)
        invoicing.issue(invoice, {}, {product.type: product.family}, {product.id: product.organization_id})
    Invoice.update(status="paid", paid_minor=invoice.total_minor, paid_at=clock.utcnow()).where(
        Invoice.id == invoice.id).execute()
    invoice = Invoice.get_by_id(invoice.id)
    renewals.invoice_paid(invoice)
    dunning.invoice_paid(invoice)
    return invoice


def pay(invoice):
    with db.atomic():
        return settle(Invoice.get_by_id(invoice.id))


def configure(billing_config):
    """The runs' context with the stand-ins; returns (payments, orgs)."""
    payments, orgs = Payments(), Orgs()
    run_context.configure(billing_config, orgs_client=orgs, charge_invoice=payments.charge_invoice)
    return payments, orgs


def card(org, brand="visa", method="card"):
    return PaymentProfile.create(organization_id=org, method=method, brand=brand, label=f"{brand} •••• 4242",
                                 provider_token=f"tok_{uuid.uuid4().hex}", is_default=True)


def product(org, expires_on, type="domain-ch", family="domain", name="alpine.ch", **options):
    options.setdefault("started_on", date(2025, 1, 1))
    return Product.create(organization_id=org, billed_organization_id=org, type=type, family=family, name=name,
                          price_minor=950, currency="CHF", period_months=12, expires_on=expires_on, **options)


def events(kind):
    return [json.loads(e.envelope)["data"] for e in OutboxEvent.select().where(OutboxEvent.type == kind)
            .order_by(OutboxEvent.seq)]
