"""The events partner produces and the fields it reads of the events it consumes.
See services/common/events.py for PRODUCED/CONSUMED.

Every `partner.link.*` event carries the link's whole current state (`LinkState`) and its
`version`: orgs (delegated grants, the access check) and billing (who pays, PA8) keep the
state with the highest version, so an event applied twice or late changes nothing."""
from marshmallow import fields, validate

from services.common import revocations
from services.common.events import Payload
from services.common.money import CURRENCIES
from services.common.schema import Timestamp

SCOPES = ("limited", "full")
PAYERS = ("client", "partner")
LINK_STATUSES = ("pending", "active", "declined", "withdrawn", "expired", "stopped", "ended")
APPLICATION_STATUSES = ("pending", "approved", "rejected")
SIDES = ("partner", "client", "system")


class ApplicationEvent(Payload):
    """PA1: an application was submitted, approved or rejected."""

    application_id = fields.UUID(required=True)
    organization_id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf(APPLICATION_STATUSES))
    manual_review = fields.Boolean(required=True)
    reason = fields.String(allow_none=True, load_default=None)
    actor_id = fields.UUID(allow_none=True, load_default=None)  # the applicant, or the reviewing staff


class ProductRights(Payload):
    technical = fields.Boolean(required=True)
    statistics = fields.Boolean(required=True)


class LinkState(Payload):
    """A link's whole state after a change (PA4-PA8, PA10, PX1)."""

    link_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    partner_organization_id = fields.UUID(required=True)
    client_organization_id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf(LINK_STATUSES))
    scope = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(SCOPES))
    # {product_id: {"technical": bool, "statistics": bool}} for a limited scope, else None
    products = fields.Dict(keys=fields.String(), values=fields.Nested(ProductRights), allow_none=True,
                           load_default=None)
    billing = fields.Boolean(required=True)  # billing entrusted (full access only, PA5)
    payer = fields.String(required=True, validate=validate.OneOf(PAYERS))  # PA8
    ends_at = Timestamp(allow_none=True, load_default=None)  # PX1: no access after it, run or not
    auto_extend = fields.Boolean(required=True)
    actor_id = fields.UUID(allow_none=True, load_default=None)  # None: a scheduled run
    side = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(SIDES))


class AssignmentState(Payload):
    """PA7: partner user `account_id` manages the link's client (only `products` when given)."""

    assignment_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    link_id = fields.UUID(required=True)
    partner_organization_id = fields.UUID(required=True)
    client_organization_id = fields.UUID(required=True)
    account_id = fields.UUID(required=True)
    products = fields.List(fields.String(), allow_none=True, load_default=None)  # None: all the link grants
    active = fields.Boolean(required=True)


THRESHOLD_STATUSES = ("eligible", "warning", "grace", "lapsed")


class ThresholdChanged(Payload):
    """PA2: a partner's threshold status changed (eligible, warning, grace, lapsed), with the
    managed volume that made it change. `version` counts the partner's changes."""

    partner_organization_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(THRESHOLD_STATUSES))
    previous_status = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(THRESHOLD_STATUSES))
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    volume_minor = fields.Integer(required=True)  # annualised managed volume, partner's currency
    threshold_minor = fields.Integer(required=True)  # CHF 2,000.00 / EUR 1,800.00
    since = Timestamp(required=True)
    grace_ends_at = Timestamp(allow_none=True, load_default=None)  # grace: when the benefits stop


class BenefitsChanged(Payload):
    """PA11: what a partner gets now: whether its benefits run (not lapsed), its tier and its
    rate per product family (percentages as decimal strings; domain names use the catalogue's
    partner prices). Billing keeps the highest `version` to discount a partner's own orders."""

    partner_organization_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    active = fields.Boolean(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    tier = fields.String(allow_none=True, load_default=None)
    rates = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    ratecard_version = fields.String(required=True)


class CashbackStatement(Payload):
    """PA11: one partner's cashback for one calendar month, issued once by the monthly run;
    billing credits `amount_minor` to the partner's prepaid account once per `statement_id`."""

    statement_id = fields.UUID(required=True)
    partner_organization_id = fields.UUID(required=True)
    month = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{4}-[0-9]{2}$"))
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    earned_minor = fields.Integer(required=True)  # accrued on invoices paid in the month
    reversed_minor = fields.Integer(required=True)  # taken back by credit notes (a positive number)
    carried_minor = fields.Integer(required=True)  # a negative balance brought from the month before (<= 0)
    amount_minor = fields.Integer(required=True)  # what is credited: never negative
    entries = fields.Integer(required=True)


class CashbackCredited(Payload):
    """PA11: billing credited a statement to the partner's prepaid account."""

    statement_id = fields.UUID(required=True)
    partner_organization_id = fields.UUID(required=True)
    month = fields.String(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    amount_minor = fields.Integer(required=True)
    prepaid_entry_id = fields.UUID(allow_none=True, load_default=None)


class AffiliatePayout(Payload):
    """PA15: an affiliate's monthly payout: issued by the run (billing credits it to the
    affiliate's prepaid account, kind "commission"), then paid (`prepaid_entry_id`)."""

    payout_id = fields.UUID(required=True)
    organization_id = fields.UUID(required=True)
    month = fields.String(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    amount_minor = fields.Integer(required=True)
    prepaid_entry_id = fields.UUID(allow_none=True, load_default=None)


class LinkEnding(Payload):
    """PX1: a time-bound link ends in `days` days (30, 7, 1); both sides were mailed."""

    link_id = fields.UUID(required=True)
    partner_organization_id = fields.UUID(required=True)
    client_organization_id = fields.UUID(required=True)
    ends_at = Timestamp(required=True)
    days = fields.Integer(required=True)
    auto_extend = fields.Boolean(required=True)


LINK_EVENTS = ("requested", "approved", "declined", "withdrawn", "expired", "resent", "scope_changed",
               "payer_changed", "end_changed", "extended", "stopped", "ended")
PRODUCED = {
    "partner.application.submitted": (1, ApplicationEvent),
    "partner.application.approved": (1, ApplicationEvent),
    "partner.application.rejected": (1, ApplicationEvent),
    **{f"partner.link.{name}": (1, LinkState) for name in LINK_EVENTS},
    "partner.assignment.changed": (1, AssignmentState),
    "partner.link.ending": (1, LinkEnding),  # not in LINK_EVENTS: it changes no link state
    "partner.threshold.changed": (1, ThresholdChanged),
    "partner.benefits.changed": (1, BenefitsChanged),
    "partner.cashback.statement_issued": (1, CashbackStatement),
    "partner.cashback.credited": (1, CashbackCredited),
    "partner.affiliate.payout_issued": (1, AffiliatePayout),  # PA15 affiliate_runs.py
    "partner.affiliate.payout_paid": (1, AffiliatePayout),
}


class OrganizationCreated(Payload):
    """What the programme records of a new organization (PA1)."""

    organization_id = fields.UUID(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    legal_representative_id = fields.UUID(allow_none=True, load_default=None)  # PA15: a sign-up's referral


class BillingProduct(Payload):
    """PA2: what the threshold reads of billing's product events (products.py): where the product
    lives, its family, status, expiry and the net public price of one period."""

    product_id = fields.UUID(required=True)
    organization_id = fields.UUID(required=True)
    product_type = fields.String(required=True)
    family = fields.String(required=True)
    status = fields.String(required=True)
    expires_on = fields.Date(required=True)
    period_months = fields.Integer(required=True)
    price_minor = fields.Integer(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))



# -- What cashback reads of billing's events (PA11, cashback.py) -----------------------------------


class OrderedBy(Payload):
    account_id = fields.UUID(allow_none=True, load_default=None)
    via_kind = fields.String(allow_none=True, load_default=None)
    via_id = fields.String(allow_none=True, load_default=None)


class InvoiceLineFacts(Payload):
    line_id = fields.UUID(required=True)
    kind = fields.String(required=True)
    product_id = fields.UUID(allow_none=True, load_default=None)
    product_organization_id = fields.UUID(allow_none=True, load_default=None)
    family = fields.String(allow_none=True, load_default=None)
    net_minor = fields.Integer(required=True)
    partner_discount_minor = fields.Integer(load_default=0)
    catalogue_partner_minor = fields.Integer(allow_none=True, load_default=None)


class InvoiceIssued(Payload):
    invoice_id = fields.UUID(required=True)
    organization_id = fields.UUID(required=True)
    number = fields.String(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    total_minor = fields.Integer(required=True)
    issued_at = fields.AwareDateTime(required=True)
    due_on = fields.Date(required=True)
    ordered_by = fields.Nested(OrderedBy, required=True)
    lines = fields.List(fields.Nested(InvoiceLineFacts), required=True)
    referral_code = fields.String(allow_none=True, load_default=None)  # PA15: the order's affiliate code


class InvoicePaid(Payload):
    invoice_id = fields.UUID(required=True)
    paid_at = fields.AwareDateTime(required=True)


class CreditNoteLineFacts(Payload):
    invoice_line_id = fields.UUID(required=True)
    net_minor = fields.Integer(required=True)


class CreditNoteIssued(Payload):
    credit_note_id = fields.UUID(required=True)
    invoice_id = fields.UUID(required=True)
    lines = fields.List(fields.Nested(CreditNoteLineFacts), required=True)


class PrepaidCredited(Payload):
    entry_id = fields.UUID(required=True)
    kind = fields.String(required=True)
    reference = fields.String(allow_none=True, load_default=None)

class AccountRegistered(Payload):
    """PA15: what attribution reads of identity's sign-up: its optional referral code."""

    account_id = fields.UUID(required=True)
    referral_code = fields.String(allow_none=True, load_default=None)


PRODUCT_EVENTS = ("ordered", "renewed", "suspended", "terminated", "cancelled", "reactivated")
CONSUMED = {
    "orgs.organization.created": OrganizationCreated,
    "identity.account.registered": AccountRegistered,  # PA15 attribution.py
    "billing.invoice.issued": InvoiceIssued,  # PA11 cashback: cashback.py
    "billing.invoice.paid": InvoicePaid,
    "billing.credit_note.issued": CreditNoteIssued,
    "billing.prepaid.credited": PrepaidCredited,
    # PA2: the managed volume follows billing's products and partner's own links (volume.py).
    **{f"billing.product.{name}": BillingProduct for name in PRODUCT_EVENTS},
    **{f"partner.link.{name}": LinkState for name in LINK_EVENTS},
    **revocations.PAYLOADS,
}


class PartnersEvent(Payload):
    """PX6: what the webhooks' fan-out reads of an event a partner subscribes to: whose it is
    (the body sent is the event's whole payload, as produced)."""

    partner_organization_id = fields.UUID(required=True)


WEBHOOK_SOURCES = ("partner.link.approved", "partner.link.scope_changed", "partner.link.ending",
                   "partner.threshold.changed", "partner.cashback.credited", "billing.branded_invoice.issued")
# Another handler's own schema of one of these events, if any, wins: it reads more.
CONSUMED = {**{event_type: PartnersEvent for event_type in WEBHOOK_SOURCES}, **CONSUMED}
