"""Billing use cases: one transaction each, emitting their events through the outbox."""
from services.common.db import get_by_key

from . import domain
from services.common.money import Money

from .models import BillingAccount, Invoice, Product, db, outbox


def open_billing_account(organization_id, currency):
    """Every organization gets a billing account with an empty prepaid balance."""
    with db.atomic():
        existing = BillingAccount.get_or_none(BillingAccount.organization_id == organization_id)
        if existing is not None:
            return existing
        balance = domain.opening_balance(currency)
        account = BillingAccount.create(organization_id=organization_id, currency=currency,
                                        prepaid_balance_minor=balance.minor)
        outbox.emit("billing.account.opened", {
            "organization_id": organization_id, "currency": currency,
            "prepaid_balance_minor": balance.minor,
        })
    return account


def get_billing_account(organization_id):
    return get_by_key(BillingAccount, organization_id, detail="No billing account for this organization.")


def deletion_check(organization_id):
    """OR13, asked by orgs: may this organization be deleted, and if not, why not."""
    account = BillingAccount.get_or_none(BillingAccount.organization_id == organization_id)
    balance = account.prepaid_balance if account else Money.zero("CHF")
    open_products = Product.select().where(
        (Product.organization_id == organization_id)
        & Product.status.not_in(domain.CLOSED_PRODUCT_STATUSES)).count()
    unpaid = Invoice.select().where((Invoice.organization_id == organization_id)
                                    & (Invoice.status == "issued")).count()
    blockers = domain.deletion_blockers(open_products, balance, unpaid)
    return {"organization_id": organization_id, "deletable": not blockers, "blockers": blockers}
