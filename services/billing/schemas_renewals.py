"""Shapes of switching automatic renewal (BI3) and the warranty (BI4) on many products at once."""
from marshmallow import fields, validate

from services.common.money_schema import MoneyField
from services.common.schema import Schema, Strict, Timestamp

from .events import PRODUCT_STATUSES


class ProductOptionsIn(Strict):
    product_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(1, 100),
                              metadata={"description": "One product or many (at most 100): all or none change"})
    enabled = fields.Boolean(required=True)


class ProductOut(Schema):
    id = fields.UUID()
    organization_id = fields.UUID()
    billed_organization_id = fields.UUID(metadata={"description": "The organization invoiced for it"})
    type = fields.String(metadata={"description": "Its catalogue id"})
    family = fields.String()
    name = fields.String()
    price = MoneyField(columns=("price_minor", "currency"), metadata={"description": "The price of one period"})
    period_months = fields.Integer()
    units = fields.Integer()
    started_on = fields.Date()
    expires_on = fields.Date()
    status = fields.String(metadata={"enum": list(PRODUCT_STATUSES)})
    auto_renew = fields.Boolean(metadata={"description": "BI3: charged from 14 days before expiry"})
    warranty = fields.Boolean(metadata={"description": "BI4: renewed and invoiced anyway at expiry"})
    billing_address_id = fields.UUID(allow_none=True)
    created_at = Timestamp()
