"""What the threshold and rate card endpoints answer (PA2, PA11)."""
from marshmallow import fields

from services.common.money_schema import MoneyField
from services.common.schema import Schema, Timestamp

from .threshold import STATUSES

RATES = fields.Dict(keys=fields.String(), values=fields.String(), metadata={
    "description": "Partner rate per product family, a percentage as a decimal string; domain names "
                   "use the catalogue's partner prices"})


class ThresholdOut(Schema):
    status = fields.String(required=True, metadata={"enum": list(STATUSES)})
    currency = fields.String(required=True)
    volume = MoneyField(required=True, metadata={"description": "Annualised managed volume"})
    threshold = MoneyField(required=True)
    progress_percent = fields.Decimal(required=True, as_string=True, places=2)
    since = Timestamp(allow_none=True, metadata={"description": "When the status began"})
    grace_ends_at = Timestamp(allow_none=True, metadata={"description": "grace: when the benefits stop"})
    grace_days_left = fields.Integer(allow_none=True)
    tier = fields.String(allow_none=True)
    rates = RATES
    ratecard_version = fields.String(required=True)
    benefits_active = fields.Boolean(required=True)


class TierOut(Schema):
    name = fields.String(required=True)
    from_ = fields.Dict(keys=fields.String(), values=fields.String(), data_key="from", attribute="starts",
                        metadata={"description": "Managed volume the tier starts at, per currency"})
    rates = RATES


class RateCardOut(Schema):
    version = fields.String(required=True)
    tiers = fields.List(fields.Nested(TierOut), required=True)
