"""PA11: a partner's monthly cashback statement (partner.cashback.statement_issued) credited to
its prepaid account, once: a PrepaidEntry of kind "cashback" whose reference is the statement
id, which the (organization, kind, reference) unique index keeps single however often the event
comes. prepaid.move emits billing.prepaid.credited with that reference; partner marks the
statement credited from it. A statement of nothing (a month whose credit notes took back more
than it earned) credits nothing."""
from services.common.money import Money

from . import prepaid

KIND = "cashback"


def credit_statement(statement_id, partner_organization_id, amount_minor, currency, month):
    if amount_minor <= 0:
        return None
    return prepaid.credit(partner_organization_id, Money(amount_minor, currency), KIND, str(statement_id),
                          note=f"Cashback {month}")
