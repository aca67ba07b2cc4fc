"""Billing use cases: one transaction each, emitting their events through the outbox."""
from services.common.db import get_or_not_found

from . import domain
from .models import BillingAccount, db, outbox


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
    return get_or_not_found(BillingAccount, BillingAccount.organization_id == organization_id,
                            detail="No billing account for this organization.")
