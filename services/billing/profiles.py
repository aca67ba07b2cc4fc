"""Payment profiles (BI7): stored ways to pay, one default per organization.

The provider keeps the card or account; billing stores only the provider's token and what a
person recognizes (brand, last four digits, expiry). A card number is handed to the provider
and never stored or echoed. The first profile becomes the default; switching the default is
one transaction that clears the old one and sets the new one.
"""
from services.common import clock
from services.common.errors import NotFound, RuleViolation

from . import payment_rules, prepaid
from .models import PaymentProfile, db


def listing(organization_id):
    return list(PaymentProfile.select().where((PaymentProfile.organization_id == organization_id)
                                              & PaymentProfile.removed_at.is_null())
                .order_by(PaymentProfile.created_at, PaymentProfile.id))


def get(organization_id, profile_id):
    profile = PaymentProfile.get_or_none((PaymentProfile.id == profile_id)
                                         & (PaymentProfile.organization_id == organization_id)
                                         & PaymentProfile.removed_at.is_null())
    if profile is None:
        raise NotFound("No such payment profile.")
    return profile


def default(organization_id):
    return PaymentProfile.get_or_none((PaymentProfile.organization_id == organization_id)
                                      & PaymentProfile.is_default & PaymentProfile.removed_at.is_null())


def _refusal(method, fields, currency):
    if method == "card":
        return payment_rules.card_refusal(fields["card_number"], fields["expires"], clock.today())
    if method == "iban" and not payment_rules.iban_valid(fields["iban"]):
        return "The IBAN is not valid (check digits)."
    return payment_rules.profile_refusal(method, currency)


def create(organization_id, provider, method, **fields):
    """A new profile from what the payer entered (card_number and expires, account, or iban)."""
    with db.atomic():
        account = prepaid.account(organization_id, lock=True)
        refusal = _refusal(method, fields, account.currency)
        if refusal:
            raise RuleViolation("BI7", refusal)
        tokenized = provider.tokenize(method, **fields)
        first = default(organization_id) is None
        return PaymentProfile.create(
            organization_id=organization_id, method=method, brand=tokenized.brand, label=tokenized.label,
            provider_token=tokenized.token, expires=tokenized.expires,
            currency="CHF" if method == "postfinance" else None, is_default=first)


def make_default(organization_id, profile_id):
    with db.atomic():
        prepaid.account(organization_id, lock=True)
        profile = get(organization_id, profile_id)
        PaymentProfile.update(is_default=False).where((PaymentProfile.organization_id == organization_id)
                                                      & PaymentProfile.is_default).execute()
        PaymentProfile.update(is_default=True).where(PaymentProfile.id == profile.id).execute()
        profile.is_default = True
        return profile


def remove(organization_id, profile_id):
    """Remove a profile (kept for the payments that name it); the oldest other one becomes the
    default if this one was."""
    with db.atomic():
        prepaid.account(organization_id, lock=True)
        profile = get(organization_id, profile_id)
        PaymentProfile.update(removed_at=clock.utcnow(), is_default=False).where(
            PaymentProfile.id == profile.id).execute()
        if profile.is_default:
            remaining = listing(organization_id)
            if remaining:
                PaymentProfile.update(is_default=True).where(PaymentProfile.id == remaining[0].id).execute()
