"""Request and response shapes of orders and billing addresses (BI9, BI10, BI11); amounts in
the one Money shape. The OpenAPI document comes from these."""
from marshmallow import fields, validate

from services.common.money_schema import MoneyField
from services.common.referrals import ReferralCode
from services.common.schema import Schema, Strict, Timestamp

from .catalogue import FAMILIES

ORDER_STATUSES = ("cart", "placed", "held", "paid", "cancelled")
CODE = validate.Length(1, 40)


class OrderIn(Strict):
    """The cart takes the organization's currency; `referral_code` (PA15) is the affiliate code
    the portal kept from a referral link, passed on to partner with the order's invoice."""

    referral_code = ReferralCode()


class OrdersQuery(Strict):
    status = fields.String(validate=validate.OneOf(ORDER_STATUSES), metadata={"description": "Only this status"})


class OrderItemIn(Strict):
    product_type = fields.String(required=True, validate=validate.Length(1, 63),
                                 metadata={"description": "A catalogue id, e.g. domain-ch (GET /v1/catalogue)"})
    name = fields.String(required=True, validate=validate.Length(1, 200),
                         metadata={"description": "Domain names: the name with the type's extension (example.ch)"})
    months = fields.Integer(required=True, strict=True, validate=validate.Range(1, 120),
                            metadata={"description": "The period: one the catalogue prices for this type"})
    periods = fields.Integer(strict=True, load_default=1, validate=validate.Range(1, 120),
                             metadata={"description": "Periods paid at once, up to the type's max_periods (BI2)"})
    units = fields.Integer(strict=True, load_default=1, validate=validate.Range(1, 10000),
                           metadata={"description": "How many (volume tiers of web hosting); 1 for a domain"})
    voucher_code = fields.String(allow_none=True, load_default=None, validate=CODE,
                                 metadata={"description": "A free voucher for this product type (BI10)"})
    warranty = fields.Boolean(load_default=False, metadata={"description": "The renewal warranty (BI4; never NAS)"})
    auto_renew = fields.Boolean(load_default=False,
                                metadata={"description": "Automatic renewal (BI3: needs a Visa/MasterCard default)"})


class PromotionCodeIn(Strict):
    code = fields.String(required=True, validate=CODE)


class PlacementIn(Strict):
    billing_address_id = fields.UUID(allow_none=True, load_default=None,
                                     metadata={"description": "Default: the organization's default address (BI9)"})


class VerificationIn(Strict):
    document = fields.String(required=True, validate=validate.Length(1, 5000), metadata={
        "multiline": True, "description": "What the fraud check asked for, e.g. a reference of an identity document"})


class OrderItemOut(Schema):
    id = fields.UUID()
    position = fields.Integer()
    product_type = fields.String()
    family = fields.String(metadata={"enum": list(FAMILIES)})
    name = fields.String()
    months = fields.Integer()
    periods = fields.Integer()
    units = fields.Integer()
    voucher_code = fields.String(allow_none=True)
    warranty = fields.Boolean()
    auto_renew = fields.Boolean()
    unit_price = MoneyField(metadata={"description": "One unit for one period, after volume tiers"})
    free = MoneyField(metadata={"description": "What the voucher takes off (the first period)"})
    partner_discount = MoneyField(metadata={"description": "PA11: what the partner discount takes off (an order "
                                                          "a paying partner placed), known once placed"})
    net = MoneyField(metadata={"description": "units × periods × unit price, less the voucher and the partner "
                                              "discount; before VAT"})
    product_id = fields.UUID(allow_none=True, metadata={"description": "The product it started, once paid"})


class OrderOut(Schema):
    id = fields.UUID()
    organization_id = fields.UUID()
    status = fields.String(metadata={"enum": list(ORDER_STATUSES)})
    currency = fields.String()
    items = fields.List(fields.Nested(OrderItemOut))
    promotion_code = fields.String(allow_none=True)
    referral_code = fields.String(allow_none=True, metadata={"description": "PA15: the affiliate code it came with"})
    subtotal = MoneyField()
    discount = MoneyField(metadata={"description": "The promotion code's reduction (BI10)"})
    net = MoneyField(metadata={"description": "subtotal - discount, before VAT (the pro-forma adds it)"})
    billing_address_id = fields.UUID(allow_none=True)
    invoice_id = fields.UUID(allow_none=True, metadata={"description": "The pro-forma, once placed"})
    verification_required = fields.Boolean(metadata={"description": "Held by the fraud check (BI11): POST "
                                                                    "verification within 10 days"})
    created_at = Timestamp()
    placed_at = Timestamp(allow_none=True)
    held_at = Timestamp(allow_none=True)
    verified_at = Timestamp(allow_none=True)
    paid_at = Timestamp(allow_none=True)
    cancelled_at = Timestamp(allow_none=True)
    cancel_reason = fields.String(allow_none=True)


def _address_fields(required):
    def text(low, high, **kw):
        return fields.String(required=required, validate=validate.Length(low, high), **kw)
    return {
        "label": fields.String(validate=validate.Length(0, 100), metadata={"description": "e.g. Head office"}),
        "name": text(1, 200, metadata={"description": "The addressee: company or person"}),
        "street": text(1, 200),
        "postal_code": text(1, 20),
        "city": text(1, 100),
        "country": fields.String(required=required, validate=validate.Regexp(r"^[A-Z]{2}$"),
                                 metadata={"description": "ISO 3166-1 alpha-2; decides the VAT rate"}),
        "vat_number": fields.String(allow_none=True, validate=validate.Length(1, 40)),
        "email": fields.Email(allow_none=True, validate=validate.Length(1, 254),
                              metadata={"description": "Where invoices are mailed, if not the contacts"}),
    }


BillingAddressIn = Strict.from_dict(_address_fields(True), name="BillingAddressIn")
BillingAddressPatch = Strict.from_dict(_address_fields(False), name="BillingAddressPatch")


class BillingAddressOut(Schema):
    id = fields.UUID()
    organization_id = fields.UUID()
    label = fields.String()
    name = fields.String()
    street = fields.String()
    postal_code = fields.String()
    city = fields.String()
    country = fields.String()
    vat_number = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    is_default = fields.Boolean()
    created_at = Timestamp()
