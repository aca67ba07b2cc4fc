"""PX5 rebilling over HTTP: branding, markup rules, branded invoices and the margin report."""
import base64
import binascii

from marshmallow import ValidationError, fields, validate, validates_schema

from services.common.money import Money
from services.common.money_schema import MoneyField
from services.common.schema import Schema, Strict, Timestamp

from .catalogue import FAMILIES
from .markup import KINDS, STEPS
from .schemas_invoices import CURSOR, LIMIT, _Page

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
PREFIX = r"^[A-Z]{1,8}$"
PERCENT = r"^(0|[1-9][0-9]{0,2})(\.[0-9]{1,4})?$"  # 0 to 999.9999


class Base64(fields.String):
    """Bytes sent as base64 text (the logo)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError("Not base64.") from None


class BrandingIn(Strict):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    street = fields.String(required=True, validate=validate.Length(1, 200))
    postal_code = fields.String(required=True, validate=validate.Length(1, 20))
    city = fields.String(required=True, validate=validate.Length(1, 100))
    country = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{2}$"))
    vat_number = fields.String(required=True, validate=validate.Length(1, 40))
    currency = fields.String(required=True, validate=validate.OneOf(("CHF", "EUR")))
    iban = fields.String(allow_none=True, validate=validate.Regexp(r"^[A-Z]{2}[0-9]{2}[A-Z0-9 ]{10,36}$"))
    qr_iban = fields.String(allow_none=True, validate=validate.Regexp(r"^(CH|LI)[0-9]{2}[A-Z0-9 ]{15,36}$"))
    number_prefix = fields.String(load_default="INV", validate=validate.Regexp(PREFIX))
    logo = Base64(allow_none=True, metadata={"description": "PNG or JPEG, base64, at most 200 kB; null removes it"})

    @validates_schema
    def _accounts(self, data, **_):
        from stdnum import iban
        for name in ("iban", "qr_iban"):
            if data.get(name) and not iban.is_valid(data[name]):
                raise ValidationError("Not a valid IBAN.", field_name=name)
        if data.get("qr_iban") and not 30000 <= int(iban.compact(data["qr_iban"])[4:9]) <= 31999:
            raise ValidationError("Not a QR-IBAN (its institution id is 30000-31999).", field_name="qr_iban")


class BrandingOut(Schema):
    partner_organization_id = fields.UUID()
    name, street, postal_code, city = fields.String(), fields.String(), fields.String(), fields.String()
    country, vat_number, currency = fields.String(), fields.String(), fields.String()
    iban, qr_iban = fields.String(allow_none=True), fields.String(allow_none=True)
    number_prefix = fields.String()
    logo_type = fields.String(allow_none=True, metadata={"description": "image/png, image/jpeg, or null: no logo"})
    updated_at = Timestamp()


class MarkupRuleIn(Strict):
    client_organization_id = fields.UUID(allow_none=True, load_default=None)
    family = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(FAMILIES))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    percent = fields.String(allow_none=True, validate=validate.Regexp(PERCENT),
                            metadata={"description": "A decimal percentage of the line's cost, e.g. '12.5'"})
    amount = MoneyField(allow_none=True)
    rounding = fields.String(required=True, validate=validate.OneOf(tuple(STEPS)))
    effective_from = fields.Date(required=True)

    @validates_schema
    def _one_markup(self, data, **_):
        if data["kind"] == "percent" and (data.get("percent") is None or data.get("amount") is not None):
            raise ValidationError("A percent rule has a percent and no amount.", field_name="percent")
        if data["kind"] == "amount" and (data.get("amount") is None or data.get("percent") is not None
                                         or data["amount"].minor <= 0):
            raise ValidationError("An amount rule has a positive amount and no percent.", field_name="amount")


class MarkupRuleOut(Schema):
    id = fields.UUID()
    client_organization_id = fields.UUID(allow_none=True)
    family = fields.String(allow_none=True)
    kind = fields.String()
    percent = fields.String(allow_none=True)
    amount = fields.Method("_amount", metadata={"description": "Money or null"})
    rounding = fields.String()
    effective_from = fields.Date()
    created_at = Timestamp()

    def _amount(self, rule):
        return Money(rule.amount_minor, rule.currency).to_dict() if rule.amount_minor is not None else None


class MarkupRuleListOut(Schema):
    items = fields.List(fields.Nested(MarkupRuleOut))


class BrandedInvoicesQuery(Strict):
    client = fields.UUID()
    month = fields.String(validate=validate.Regexp(MONTH))
    cursor = CURSOR
    limit = LIMIT


class BrandedLineOut(Schema):
    position, description = fields.Integer(), fields.String()
    product_id, family = fields.UUID(allow_none=True), fields.String(allow_none=True)
    period_start, period_end = fields.Date(allow_none=True), fields.Date(allow_none=True)
    markup_rule_id = fields.UUID(allow_none=True)
    cost = MoneyField(columns=("cost_minor", "currency"))
    net = MoneyField(columns=("net_minor", "currency"))
    vat_rate = fields.String()
    vat = MoneyField(columns=("vat_minor", "currency"))


class BrandedInvoiceSummaryOut(Schema):
    id, partner_organization_id, client_organization_id = fields.UUID(), fields.UUID(), fields.UUID()
    client_name, number, month, currency = fields.String(), fields.String(), fields.String(), fields.String()
    source_invoice_id = fields.UUID()
    cost = MoneyField(columns=("cost_minor", "currency"))
    net = MoneyField(columns=("net_minor", "currency"))
    vat = MoneyField(columns=("vat_minor", "currency"))
    total = MoneyField(columns=("total_minor", "currency"))
    qr_reference = fields.String(allow_none=True)
    issued_at = Timestamp()
    due_on = fields.Date()


class BrandedInvoiceOut(BrandedInvoiceSummaryOut):
    lines = fields.List(fields.Nested(BrandedLineOut), attribute="line_rows")


class BrandedInvoicePageOut(_Page):
    items = fields.List(fields.Nested(BrandedInvoiceSummaryOut))


class MarginsQuery(Strict):
    from_ = fields.String(required=True, data_key="from", validate=validate.Regexp(MONTH))
    to = fields.String(required=True, validate=validate.Regexp(MONTH))
    client = fields.UUID()


class MarginRowOut(Schema):
    client_organization_id = fields.UUID()
    client_name, month = fields.String(), fields.String()
    cost = MoneyField(columns=("cost_minor", "currency"))
    resale = MoneyField(columns=("resale_minor", "currency"))
    margin = MoneyField(columns=("margin_minor", "currency"))
    invoices = fields.Integer()


class MarginsOut(Schema):
    items = fields.List(fields.Nested(MarginRowOut))
