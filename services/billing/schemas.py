"""Billing's request and response shapes (marshmallow); the OpenAPI document comes from these."""
from marshmallow import fields, validate

from services.common.money_schema import MoneyField
from services.common.openapi import Blocker  # the one shape of an OR13 blocker, as orgs relays it in its problem
from services.common.schema import Schema, Strict, Timestamp

from .catalogue import FAMILIES


class BillingAccountOut(Schema):
    organization_id = fields.UUID()
    currency = fields.String()
    prepaid_balance = MoneyField(columns=("prepaid_balance_minor", "currency"))
    opened_at = Timestamp()


class DeletionCheckOut(Schema):
    organization_id = fields.UUID()
    deletable = fields.Boolean()
    blockers = fields.List(fields.Nested(Blocker))


# The catalogue (BI1, BI2), as GET /v1/catalogue answers it; amounts in the one Money shape.
class CatalogueQuery(Strict):
    family = fields.String(validate=validate.OneOf(FAMILIES), metadata={"description": "Only this family"})


class CataloguePriceOut(Schema):
    months = fields.Integer(metadata={"description": "The period the price pays for, in months"})
    amounts = fields.List(MoneyField(), metadata={"description": "The price in every currency (CHF, EUR)"})


class CatalogueTierOut(CataloguePriceOut):
    from_units = fields.Integer(metadata={"description": "The unit price from this many units on"})


class CatalogueRenewalOut(Schema):
    renewable = fields.Boolean()
    max_periods = fields.Integer(metadata={"description": "Periods payable ahead at once; 0 if not renewable"})


class ProductTypeOut(Schema):
    id = fields.String()
    family = fields.String(metadata={"enum": list(FAMILIES)})
    name = fields.String()
    vat_category = fields.String(metadata={"description": "A VAT category code; rates by country come from "
                                                          "configuration (Switzerland standard 8.1 %)"})
    renewal = fields.Nested(CatalogueRenewalOut)
    warranty = fields.Boolean(metadata={"description": "Whether the renewal warranty can be taken (BI4)"})
    prices = fields.List(fields.Nested(CataloguePriceOut), metadata={"description": "Public prices per period"})
    partner_prices = fields.List(fields.Nested(CataloguePriceOut),
                                 metadata={"description": "Reduced partner prices (domain names)"})
    tiers = fields.List(fields.Nested(CatalogueTierOut),
                        metadata={"description": "Degressive unit prices by volume (web hosting)"})


class CatalogueOut(Schema):
    version = fields.String()
    products = fields.List(fields.Nested(ProductTypeOut))
