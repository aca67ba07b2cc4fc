"""Money into and out of the prepaid account (BI8): deposits through a payment profile (3-D
Secure included: the deposit is credited when the challenge is approved, challenges.py), and
withdrawals to an IBAN, never above the balance.
"""
from services.common import clock
from services.common.errors import RuleViolation

from . import payment_rules, payments, prepaid, profiles
from .models import Payment, db


def deposit(organization_id, amount, profile_id, provider):
    """{status, action_url, payment, balance}: credited at once when the charge succeeds."""
    with db.atomic():
        account = prepaid.account(organization_id, lock=True)
        refusal = payment_rules.deposit_refusal(amount, account.currency)
        if refusal:
            raise RuleViolation("BI8", refusal)
        profile = profiles.get(organization_id, profile_id)
        payment = payments.charge(provider, profile, amount, "deposit", description="prepaid deposit")
        balance = account.prepaid_balance
        if payment.status == "succeeded":
            _entry, balance = prepaid.move(organization_id, amount, "deposit", str(payment.id), note="deposit")
        return {"status": payment.status, "action_url": payment.action_url, "payment": payment, "balance": balance}


def withdraw(organization_id, amount, iban, provider):
    """Pay `amount` out to `iban`: {status, payment, balance, iban (masked)}."""
    with db.atomic():
        account = prepaid.account(organization_id, lock=True)
        refusal = payment_rules.withdrawal_refusal(amount, account.prepaid_balance)
        if refusal:
            raise RuleViolation("BI8", refusal)
        payment = Payment.create(organization_id=organization_id, purpose="withdrawal", method="iban",
                                 amount_minor=amount.minor, currency=amount.currency, status="pending")
        _entry, balance = prepaid.move(organization_id, amount, "withdrawal", str(payment.id),
                                       note=f"to {payment_rules.masked_iban(iban)}")
        reference = provider.payout(payment_rules.compact_iban(iban), amount, "prepaid withdrawal")
        Payment.update(status="succeeded", provider_reference=reference, completed_at=clock.utcnow()).where(
            Payment.id == payment.id).execute()
        return {"status": "succeeded", "payment": Payment.get_by_id(payment.id), "balance": balance,
                "iban": payment_rules.masked_iban(iban)}
