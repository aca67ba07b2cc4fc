"""3-D Secure: the provider's callback completes a payment that was `requires_action`.

Idempotent: the payment row is locked and only a `requires_action` payment changes, so a
second callback (a reload, a double click, the provider retrying) changes nothing and gets
the same payment back.
"""
from services.common import clock
from services.common.db import for_update
from services.common.errors import NotFound

from . import payments, prepaid
from .models import Payment, db


def waiting(reference):
    """The payment the challenge page is about (any status), or NotFound."""
    payment = Payment.get_or_none(Payment.provider_reference == reference)
    if payment is None:
        raise NotFound("No such payment.")
    return payment


def complete(reference, outcome, provider, families=None):
    """Apply the payer's answer (`outcome`, as the provider's page posted it); the payment."""
    with db.atomic():
        payment = for_update(Payment.select().where(Payment.provider_reference == reference)).first()
        if payment is None:
            raise NotFound("No such payment.")
        if payment.status != "requires_action":
            return payment
        if payment.purpose == "invoice":
            invoice = payments.locked_invoice(payment.organization_id, payment.invoice_id)
            if invoice.status not in payments.PAYABLE:  # paid meanwhile, e.g. by a bank transfer
                payments.fail_challenge(payment, "invoice_already_paid", status="refunded")
                return Payment.get_by_id(payment.id)
        result = provider.confirmation(reference, outcome)
        if result.status != "succeeded":
            payments.fail_challenge(payment, result.failure)
        elif payment.purpose == "invoice":
            payments.settle(invoice, payments.pending_prepaid(invoice.id) + [payment], families=families)
        else:  # a prepaid deposit
            Payment.update(status="succeeded", completed_at=clock.utcnow()).where(Payment.id == payment.id).execute()
            prepaid.move(payment.organization_id, payment.amount, "deposit", str(payment.id), note="deposit")
        return Payment.get_by_id(payment.id)
