"""PX4 over HTTP: the partner's health for its dashboard (health.py), money as MoneyField."""
from marshmallow import fields

from services.common.money_schema import MoneyField
from services.common.schema import Schema, Timestamp

from .schemas_threshold import ThresholdOut


class RenewalsDueOut(Schema):
    count = fields.Integer()
    amount = MoneyField(metadata={"description": "The volume the products due carry"})


class ForecastMonthOut(Schema):
    month = fields.String(metadata={"description": "YYYY-MM"})
    volume = MoneyField(metadata={"description": "The managed volume that month if the products due are renewed"})
    renewals_due = fields.Nested(RenewalsDueOut)


class LinkEndingOut(Schema):
    link_id = fields.UUID()
    client_organization_id = fields.UUID()
    client_name = fields.String()
    ends_at = Timestamp()
    auto_extend = fields.Boolean()


class RenewalOut(Schema):
    client_organization_id = fields.UUID()
    client_name = fields.String()
    product_id = fields.UUID()
    product_type = fields.String()
    expires_on = fields.Date()
    annual = MoneyField(metadata={"description": "Its annualised net public price, in its own currency"})


class UnpaidInvoiceOut(Schema):
    invoice_id = fields.UUID()
    number = fields.String()
    organization_id = fields.UUID(metadata={"description": "The organization invoiced"})
    client_name = fields.String()
    total = MoneyField()
    due_on = fields.Date()
    overdue = fields.Boolean()


class CashbackMonthOut(Schema):
    month = fields.String(metadata={"description": "YYYY-MM"})
    earned = MoneyField()
    reversed = MoneyField()
    net = MoneyField()
    statement_id = fields.UUID(allow_none=True)
    status = fields.String(metadata={"enum": ["open", "issued", "credited"]})


class HealthOut(Schema):
    threshold = fields.Nested(ThresholdOut)
    forecast = fields.List(fields.Nested(ForecastMonthOut), metadata={"description": "12 months from this one"})
    links_ending = fields.List(fields.Nested(LinkEndingOut))
    renewals = fields.List(fields.Nested(RenewalOut))
    unpaid_invoices = fields.List(fields.Nested(UnpaidInvoiceOut))
    cashback = fields.List(fields.Nested(CashbackMonthOut), metadata={"description": "12 months up to this one"})
    cashback_due = MoneyField(metadata={"description": "Issued statements not yet credited, plus the open months' net"})
