"""The affiliate programme over HTTP (PA15, PA3): joining, the dashboard, referrals, commissions
and payouts; amounts in the one Money shape."""
from marshmallow import fields, validate

from services.common import paging
from services.common.money_schema import MoneyField
from services.common.schema import Schema, Strict, Timestamp

STATUSES = ("active", "ended")


class AffiliateIn(Strict):
    organization_id = fields.UUID(required=True, metadata={"description": "The organization joining (its legal "
                                                                          "representative asks)"})


class PageQuery(Strict):
    cursor = paging.cursor_field()
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class StaffQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(STATUSES))


class AffiliateOut(Schema):
    organization_id = fields.UUID()
    code = fields.String(metadata={"description": "8 characters, A-Z and 2-9 without I and O"})
    link = fields.String(metadata={"description": "{PORTAL_URL}/r/{code}"})
    rate = fields.String(metadata={"description": "The commission rate, percent"})
    status = fields.String(validate=validate.OneOf(STATUSES))
    currency = fields.String()
    joined_at = Timestamp()
    ended_at = Timestamp(allow_none=True)


class ReferralCounts(Schema):
    signups = fields.Integer(metadata={"description": "Organizations referred by a sign-up"})
    organizations = fields.Integer(metadata={"description": "Organizations referred (sign-ups and orders)"})
    converted = fields.Integer(metadata={"description": "Referred organizations with a paid invoice"})


class MonthOut(Schema):
    month = fields.String()
    earned = MoneyField()
    reversed = MoneyField()
    paid = MoneyField(metadata={"description": "The payout of that month"})


class DashboardOut(AffiliateOut):
    referrals = fields.Nested(ReferralCounts)
    balance = MoneyField(metadata={"description": "Commissions not paid out yet (earned less reversed)"})
    paid_total = MoneyField(metadata={"description": "Every payout issued so far"})
    months = fields.List(fields.Nested(MonthOut), metadata={"description": "The last 12 months, oldest first"})


class ReferralOut(Schema):
    id = fields.UUID()
    organization_id = fields.UUID()
    organization_name = fields.String(allow_none=True)
    source = fields.String(validate=validate.OneOf(("signup", "order")))
    referred_at = Timestamp()
    expires_at = Timestamp()
    converted = fields.Boolean()
    commission_total = MoneyField()


class CommissionOut(Schema):
    id = fields.UUID()
    kind = fields.String(validate=validate.OneOf(("commission", "reversal")))
    organization_id = fields.UUID(attribute="referred_organization_id")
    organization_name = fields.String(allow_none=True)
    invoice_id = fields.UUID()
    credit_note_id = fields.UUID(allow_none=True)
    net = MoneyField(metadata={"description": "The invoice's net, or the credited net (reversal)"})
    amount = MoneyField(columns=("amount_minor", "currency"))
    rate = fields.String()
    month = fields.String()
    payout_id = fields.UUID(allow_none=True)
    created_at = Timestamp()


class PayoutOut(Schema):
    id = fields.UUID()
    month = fields.String()
    earned = MoneyField(columns=("earned_minor", "currency"))
    reversed = MoneyField(columns=("reversed_minor", "currency"))
    amount = MoneyField(columns=("amount_minor", "currency"))
    entries = fields.Integer()
    status = fields.String(validate=validate.OneOf(("issued", "paid")))
    issued_at = Timestamp()
    paid_at = Timestamp(allow_none=True)
    prepaid_entry_id = fields.UUID(allow_none=True)


class StaffAffiliateOut(AffiliateOut):
    name = fields.String(allow_none=True)


def _page_of(item):
    return type(f"{item.__name__.removesuffix('Out')}PageOut", (Schema,), {
        "items": fields.List(fields.Nested(item)),
        "next_cursor": fields.String(allow_none=True, metadata={
            "description": "Pass as `cursor`; null on the last page"})})


ReferralPageOut, CommissionPageOut, PayoutPageOut, StaffAffiliatePageOut = (
    _page_of(ReferralOut), _page_of(CommissionOut), _page_of(PayoutOut), _page_of(StaffAffiliateOut))
