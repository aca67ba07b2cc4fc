"""Events billing consumes: one function per event type, each calling one use case."""
from services.common import revocations

from . import branded_invoices, cashback_credits, partner_benefits, payers, service
from .events import LINK_EVENTS
from .models import RevokedCredential


def on_organization_created(data, envelope):
    service.open_billing_account(data["organization_id"], data["currency"])


def on_link_changed(data, envelope):
    """PA8, PA10: every partner.link.* event may change who pays for the client's products."""
    payers.apply_link_state(data)


def on_invoice_issued(data, envelope):
    """PX5: an invoice to a partner that rebills its clients makes their branded invoices."""
    branded_invoices.on_invoice_issued(data)


def on_benefits_changed(data, envelope):
    """PA11: a partner's benefits (rates, active) discount the orders it places and pays."""
    partner_benefits.apply_benefits(data)


def on_cashback_statement_issued(data, envelope):
    """PA11: the partner's monthly cashback credited to its prepaid account, once."""
    cashback_credits.credit_statement(data["statement_id"], data["partner_organization_id"], data["amount_minor"],
                                      data["currency"], data["month"])


def on_affiliate_payout_issued(data, envelope):
    """PA15: an affiliate's monthly payout credited to its prepaid account, once."""
    cashback_credits.credit_payout(data["payout_id"], data["organization_id"], data["amount_minor"],
                                   data["currency"], data["month"])


SUBSCRIPTIONS = {
    "orgs.organization.created": on_organization_created,
    **{f"partner.link.{name}": on_link_changed for name in LINK_EVENTS},
    "billing.invoice.issued": on_invoice_issued,
    "partner.benefits.changed": on_benefits_changed,
    "partner.cashback.statement_issued": on_cashback_statement_issued,
    "partner.affiliate.payout_issued": on_affiliate_payout_issued,
    **revocations.handlers(RevokedCredential),  # ID12: tokens of ended sessions stop working at once
}
