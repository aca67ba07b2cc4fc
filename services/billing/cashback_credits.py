"""What the partner programme pays into a prepaid account, once per reference:
- PA11: a partner's monthly cashback statement (partner.cashback.statement_issued), kind "cashback";
- PA15: an affiliate's monthly payout (partner.affiliate.payout_issued), kind "commission".
Each is a PrepaidEntry whose reference is the statement or payout id, which the (organization,
kind, reference) unique index keeps single however often the event comes. prepaid.move emits
billing.prepaid.credited with that kind and reference; partner marks the statement credited or
the payout paid from it. An amount of nothing (a month whose credit notes took back more than
it earned) credits nothing."""
from services.common.money import Money

from . import prepaid

KIND = "cashback"
COMMISSION = "commission"


def credit_once(kind, reference, organization_id, amount_minor, currency, note):
    if amount_minor <= 0:
        return None
    return prepaid.credit(organization_id, Money(amount_minor, currency), kind, str(reference), note=note)


def credit_statement(statement_id, partner_organization_id, amount_minor, currency, month):
    return credit_once(KIND, statement_id, partner_organization_id, amount_minor, currency, f"Cashback {month}")


def credit_payout(payout_id, organization_id, amount_minor, currency, month):
    return credit_once(COMMISSION, payout_id, organization_id, amount_minor, currency,
                       f"Affiliate commission {month}")
