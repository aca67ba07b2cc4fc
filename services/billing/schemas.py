"""Billing's request and response shapes (marshmallow); the OpenAPI document comes from these."""
from marshmallow import fields

from services.common.money_schema import MoneyField
from services.common.openapi import Blocker  # the one shape of an OR13 blocker, as orgs relays it in its problem
from services.common.schema import Schema, Timestamp


class BillingAccountOut(Schema):
    organization_id = fields.UUID()
    currency = fields.String()
    prepaid_balance = MoneyField(columns=("prepaid_balance_minor", "currency"))
    opened_at = Timestamp()


class DeletionCheckOut(Schema):
    organization_id = fields.UUID()
    deletable = fields.Boolean()
    blockers = fields.List(fields.Nested(Blocker))
