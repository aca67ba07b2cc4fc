"""The one JSON shape of an amount, for every service (BI14):

    {"amount": "12.35", "amount_minor": 1235, "currency": "CHF"}

`amount` is a string, never a JSON number: a number is a float to most clients and would
not survive the trip. Loading is strict: at most the currency's decimals, no exponent, and
`amount_minor`, when sent back, must agree with `amount`.
"""
from marshmallow import ValidationError, fields, missing, post_load, pre_dump, validate, validates_schema

from services.common.money import CURRENCIES, Money
from services.common.schema import Schema

DECIMAL = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"
MINOR_LIMIT = 2 ** 63  # a signed 64-bit column (BigIntegerField) holds every amount we accept


class MoneySchema(Schema):
    amount = fields.String(required=True, validate=validate.Regexp(DECIMAL, error="a decimal string such as '12.35'"),
                           metadata={"description": "Decimal amount as a string, e.g. '12.35'", "example": "12.35"})
    amount_minor = fields.Integer(strict=True,
                                  metadata={"description": "The amount in minor units (centimes, cents)"})
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES),
                             metadata={"description": "ISO 4217 code"})

    @pre_dump
    def _as_dict(self, money, **_):
        return money.to_dict()

    @validates_schema
    def _exact_and_consistent(self, data, **_):
        try:
            money = Money.of(data["amount"], data["currency"])
        except ValueError as error:
            raise ValidationError(str(error), field_name="amount") from None
        if abs(money.minor) >= MINOR_LIMIT:
            raise ValidationError("out of range", field_name="amount")
        if data.get("amount_minor", money.minor) != money.minor:
            raise ValidationError(f"disagrees with amount ({money.minor})", field_name="amount_minor")

    @post_load
    def _money(self, data, **_):
        return Money.of(data["amount"], data["currency"])


class MoneyField(fields.Nested):
    """An amount inside another schema: dumps a Money, loads one. With `columns=("price_minor",
    "currency")` it dumps from an object's two storage columns (BI14's one storage convention)."""

    def __init__(self, *, columns=None, **kwargs):
        self.columns = columns
        super().__init__(MoneySchema, **kwargs)

    def get_value(self, obj, attr, accessor=None, default=missing):
        if self.columns is None:
            return super().get_value(obj, attr, accessor, default)
        minor, currency = (super(MoneyField, self).get_value(obj, name, accessor) for name in self.columns)
        return Money(minor, currency)
