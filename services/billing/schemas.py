"""Billing's request and response shapes (marshmallow); the OpenAPI document comes from these."""
from marshmallow import fields

from services.common.money import Money
from services.common.schema import Schema, Timestamp


class MoneyOut(Schema):
    amount = fields.Decimal(as_string=True, metadata={"description": "Decimal amount, e.g. '12.50'"})
    amount_minor = fields.Integer(attribute="minor", metadata={"description": "Amount in centimes/cents"})
    currency = fields.String()


MONEY = MoneyOut()  # one instance: building a Schema per response is measurable (bench/README.md)


class BillingAccountOut(Schema):
    organization_id = fields.UUID()
    currency = fields.String()
    prepaid_balance = fields.Method("balance", metadata={"type": "object", "description": "A MoneyOut"})
    opened_at = Timestamp()

    def balance(self, account):
        return MONEY.dump(Money(account.prepaid_balance_minor, account.currency))


class Blocker(Schema):
    reason = fields.String(metadata={"description": "products, prepaid_balance or unpaid_invoices"})
    detail = fields.String()


class DeletionCheckOut(Schema):
    organization_id = fields.UUID()
    deletable = fields.Boolean()
    blockers = fields.List(fields.Nested(Blocker))
