"""The events billing produces and the fields it reads of the events it consumes. See
services/common/events.py for PRODUCED/CONSUMED.

What the partner programme reads (issue 10, item 7): every product event names the product's
organization, the organization invoiced for it, its type and family, the period, amounts in
minor units with their currency, and who ordered (the organization's own member, or someone
acting for it through a partner delegation, as orgs' access check said)."""
from marshmallow import fields, validate

from services.common import revocations
from services.common.events import Payload
from services.common.money import CURRENCIES
from services.common.referrals import ReferralCode

from .catalogue import FAMILIES

CURRENCY = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
PRODUCT_STATUSES = ("active", "suspended", "terminated", "cancelled")


class BillingAccountOpened(Payload):
    """Billing opened the organization's account with an empty prepaid balance."""

    organization_id = fields.UUID(required=True)
    currency = CURRENCY
    prepaid_balance_minor = fields.Integer(required=True)


class OrderedBy(Payload):
    """Who acted: an account, and how it reached the organization (orgs' access check `via`)."""

    account_id = fields.UUID(allow_none=True, load_default=None)  # None: billing itself (a run)
    via_kind = fields.String(allow_none=True, load_default=None)  # membership | delegation | grant | team
    via_id = fields.String(allow_none=True, load_default=None)  # e.g. the partner delegation's id


class ProductEvent(Payload):
    """A product's life (BI1): started, renewed, suspended, terminated or cancelled."""

    product_id = fields.UUID(required=True)
    organization_id = fields.UUID(required=True)  # where the product lives, always
    billed_organization_id = fields.UUID(required=True)  # who is invoiced for it (PA8)
    product_type = fields.String(required=True)
    family = fields.String(required=True, validate=validate.OneOf(FAMILIES))
    status = fields.String(required=True, validate=validate.OneOf(PRODUCT_STATUSES))
    started_on = fields.Date(required=True)
    expires_on = fields.Date(required=True)
    period_months = fields.Integer(required=True)
    units = fields.Integer(required=True)
    price_minor = fields.Integer(required=True)  # net public price of one period, after volume tiers
    currency = CURRENCY


class ProductPaid(ProductEvent):
    """Ordered or renewed: the periods paid and the invoice that pays them."""

    periods = fields.Integer(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    net_minor = fields.Integer(required=True)  # what the invoice charges for it, before VAT
    invoice_id = fields.UUID(required=True)
    ordered_by = fields.Nested(OrderedBy, required=True)


class ProductRenewed(ProductPaid):
    how = fields.String(required=True, validate=validate.OneOf(("manual", "automatic", "warranty")))


class ProductStopped(ProductEvent):
    """Suspended, terminated (BI6: by an unpaid invoice) or cancelled (BI12); or reactivated,
    when the invoice that suspended it is paid (reason "paid")."""

    reason = fields.String(required=True)
    invoice_id = fields.UUID(allow_none=True, load_default=None)  # the unpaid invoice, for BI6


class InvoiceLineFacts(Payload):
    line_id = fields.UUID(required=True)
    kind = fields.String(required=True)
    product_id = fields.UUID(allow_none=True, load_default=None)
    product_organization_id = fields.UUID(allow_none=True, load_default=None)
    product_type = fields.String(allow_none=True, load_default=None)
    family = fields.String(allow_none=True, load_default=None)
    period_start = fields.Date(allow_none=True, load_default=None)
    period_end = fields.Date(allow_none=True, load_default=None)
    net_minor = fields.Integer(required=True)
    vat_minor = fields.Integer(required=True)
    # PA11: the (volume-tiered) public price of the line before any reduction, the reductions
    # on it (promotion, partner discount) and, for domain names, the catalogue's reduced
    # partner price for the same quantity; partner computes cashback from these.
    public_minor = fields.Integer(allow_none=True, load_default=None)
    discount_minor = fields.Integer(load_default=0)
    partner_discount_minor = fields.Integer(load_default=0)  # the part of discount_minor that is PA11's
    catalogue_partner_minor = fields.Integer(allow_none=True, load_default=None)


class InvoiceIssued(Payload):
    """BI5: an invoice got its number; `organization_id` is the organization invoiced."""

    invoice_id = fields.UUID(required=True)
    organization_id = fields.UUID(required=True)
    number = fields.String(required=True)
    currency = CURRENCY
    net_minor = fields.Integer(required=True)
    vat_minor = fields.Integer(required=True)
    total_minor = fields.Integer(required=True)
    issued_at = fields.AwareDateTime(required=True)
    due_on = fields.Date(required=True)
    order_id = fields.UUID(allow_none=True, load_default=None)
    ordered_by = fields.Nested(OrderedBy, required=True)
    lines = fields.List(fields.Nested(InvoiceLineFacts), required=True)
    referral_code = ReferralCode(load_default=None)  # PA15: the affiliate code the order came with


class InvoicePaid(Payload):
    invoice_id = fields.UUID(required=True)
    organization_id = fields.UUID(required=True)
    number = fields.String(required=True)
    currency = CURRENCY
    total_minor = fields.Integer(required=True)
    paid_at = fields.AwareDateTime(required=True)
    methods = fields.List(fields.String(), required=True)  # how it was paid, e.g. ["prepaid", "card"]


class CreditNoteLineFacts(Payload):
    invoice_line_id = fields.UUID(required=True)
    product_id = fields.UUID(allow_none=True, load_default=None)
    net_minor = fields.Integer(required=True)
    vat_minor = fields.Integer(required=True)


class CreditNoteIssued(Payload):
    credit_note_id = fields.UUID(required=True)
    invoice_id = fields.UUID(required=True)
    organization_id = fields.UUID(required=True)
    number = fields.String(required=True)
    currency = CURRENCY
    net_minor = fields.Integer(required=True)
    vat_minor = fields.Integer(required=True)
    total_minor = fields.Integer(required=True)
    lines = fields.List(fields.Nested(CreditNoteLineFacts), required=True)


class PrepaidMoved(Payload):
    """BI8: a prepaid account was credited (deposit, refund, cashback) or debited (payment,
    withdrawal); `balance_minor` is the balance after the movement."""

    organization_id = fields.UUID(required=True)
    entry_id = fields.UUID(required=True)
    kind = fields.String(required=True)
    amount_minor = fields.Integer(required=True)  # positive: the size of the movement
    currency = CURRENCY
    balance_minor = fields.Integer(required=True)
    reference = fields.String(allow_none=True, load_default=None)


class BrandedInvoiceIssued(Payload):
    """PX5: a partner issued its own branded invoice to its client (rebilling)."""

    branded_invoice_id = fields.UUID(required=True)
    partner_organization_id = fields.UUID(required=True)
    client_organization_id = fields.UUID(required=True)
    number = fields.String(required=True)
    currency = CURRENCY
    net_minor = fields.Integer(required=True)
    vat_minor = fields.Integer(required=True)
    total_minor = fields.Integer(required=True)
    cost_minor = fields.Integer(required=True)  # what the provider invoiced the partner for it (net)
    month = fields.String(required=True)  # YYYY-MM it belongs to (margin report)
    issued_at = fields.AwareDateTime(required=True)
    source_invoice_id = fields.UUID(allow_none=True, load_default=None)


PRODUCED = {
    "billing.account.opened": (1, BillingAccountOpened),
    "billing.product.ordered": (1, ProductPaid),
    "billing.product.renewed": (1, ProductRenewed),
    "billing.product.suspended": (1, ProductStopped),
    "billing.product.terminated": (1, ProductStopped),
    "billing.product.cancelled": (1, ProductStopped),
    "billing.product.reactivated": (1, ProductStopped),
    "billing.invoice.issued": (1, InvoiceIssued),
    "billing.invoice.paid": (1, InvoicePaid),
    "billing.credit_note.issued": (1, CreditNoteIssued),
    "billing.prepaid.credited": (1, PrepaidMoved),
    "billing.prepaid.debited": (1, PrepaidMoved),
    "billing.branded_invoice.issued": (1, BrandedInvoiceIssued),
}


class OrganizationCreated(Payload):
    """What billing reads of a new organization: the currency its account keeps (BI8, BI14)."""

    organization_id = fields.UUID(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))


class LinkState(Payload):
    """What billing reads of a partner link's state (services/partner/events.py LinkState): who
    pays for the client's products (PA8), kept per link at its highest version (payers.py)."""

    link_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    partner_organization_id = fields.UUID(required=True)
    client_organization_id = fields.UUID(required=True)
    status = fields.String(required=True)
    payer = fields.String(required=True, validate=validate.OneOf(("client", "partner")))


class BenefitsChanged(Payload):
    """What billing reads of a partner's benefits (services/partner/events.py BenefitsChanged): the
    rates that discount the orders a partner places and pays itself (PA11), kept per partner at
    its highest version (partner_benefits.py)."""

    partner_organization_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    active = fields.Boolean(required=True)
    currency = CURRENCY
    tier = fields.String(allow_none=True, load_default=None)
    rates = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    ratecard_version = fields.String(required=True)


LINK_EVENTS = ("requested", "approved", "declined", "withdrawn", "expired", "resent", "scope_changed",
               "payer_changed", "end_changed", "extended", "stopped", "ended")
class CashbackStatementIssued(Payload):
    """PA11: what billing reads of a partner's monthly cashback statement to credit it once."""

    statement_id = fields.UUID(required=True)
    partner_organization_id = fields.UUID(required=True)
    month = fields.String(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    amount_minor = fields.Integer(required=True)


class AffiliatePayoutIssued(Payload):
    """PA15: what billing reads of an affiliate's monthly payout to credit it once."""

    payout_id = fields.UUID(required=True)
    organization_id = fields.UUID(required=True)
    month = fields.String(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    amount_minor = fields.Integer(required=True)


CONSUMED = {
    "orgs.organization.created": OrganizationCreated,
    **{f"partner.link.{name}": LinkState for name in LINK_EVENTS},
    "billing.invoice.issued": InvoiceIssued,  # PX5: billing's own, for the partner's branded invoices
    "partner.benefits.changed": BenefitsChanged,
    "partner.cashback.statement_issued": CashbackStatementIssued,
    "partner.affiliate.payout_issued": AffiliatePayoutIssued,
    **revocations.PAYLOADS,
}
