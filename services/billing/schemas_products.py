"""Request and response shapes of products and manual renewals (BI1, BI2, BI9, BI12)."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.common.money_schema import MoneyField
from services.common.schema import Schema, Strict, Timestamp

from .catalogue import FAMILIES
from .events import PRODUCT_STATUSES


class ProductsQuery(Strict):
    status = fields.String(validate=validate.OneOf(PRODUCT_STATUSES), metadata={"description": "Only this status"})


class ProductOut(Schema):
    id = fields.UUID()
    organization_id = fields.UUID()
    billed_organization_id = fields.UUID(metadata={"description": "The organization invoiced for it"})
    type = fields.String(metadata={"description": "A catalogue id"})
    family = fields.String(metadata={"enum": list(FAMILIES)})
    name = fields.String()
    price = MoneyField(columns=("price_minor", "currency"), metadata={"description": "One period, before VAT"})
    period_months = fields.Integer()
    units = fields.Integer()
    started_on = fields.Date()
    expires_on = fields.Date()
    status = fields.String(metadata={"enum": list(PRODUCT_STATUSES)})
    auto_renew = fields.Boolean(metadata={"description": "BI3: charged from 14 days before expiry"})
    warranty = fields.Boolean(metadata={"description": "BI4: renewed and invoiced anyway at expiry"})
    billing_address_id = fields.UUID(allow_none=True, metadata={"description": "None: the default address"})
    order_id = fields.UUID(allow_none=True)
    created_at = Timestamp()
    suspended_at = Timestamp(allow_none=True)
    terminated_at = Timestamp(allow_none=True)
    cancelled_at = Timestamp(allow_none=True)


class RenewalItemIn(Strict):
    product_id = fields.UUID(required=True)
    periods = fields.Integer(strict=True, load_default=1, validate=validate.Range(1, 120),
                             metadata={"description": "Up to the type's max_periods (BI2)"})


class RenewalIn(Strict):
    items = fields.List(fields.Nested(RenewalItemIn), required=True, validate=validate.Length(1, 100))
    billing_address_id = fields.UUID(allow_none=True, load_default=None, metadata={
        "description": "BI9: default the first product's own address, else the organization's default"})

    @validates_schema
    def _distinct(self, data, **_):
        ids = [item["product_id"] for item in data.get("items", [])]
        if len(ids) != len(set(ids)):
            raise ValidationError("Each product once (give it more periods instead).", field_name="items")


class CancellationIn(Strict):
    confirm = fields.Boolean(load_default=False, metadata={"description": "Must be true (BI12)"})


class ProductAddressIn(Strict):
    billing_address_id = fields.UUID(required=True, allow_none=True,
                                     metadata={"description": "None: the organization's default (BI9)"})
