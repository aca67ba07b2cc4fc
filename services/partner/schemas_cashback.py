"""Cashback over HTTP (PA11): a partner's monthly statements and the entries behind them."""
from marshmallow import fields, validate

from services.common import paging
from services.common.money_schema import MoneyField
from services.common.schema import Schema, Strict, Timestamp

MONTH = validate.Regexp(r"^[0-9]{4}-(0[1-9]|1[0-2])$", error="A month as YYYY-MM.")


class StatementsQuery(Strict):
    cursor = paging.cursor_field()
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class EntriesQuery(Strict):
    month = fields.String(required=True, validate=MONTH, metadata={"description": "YYYY-MM"})


class EntryOut(Schema):
    id = fields.UUID()
    month = fields.String()
    client_organization_id = fields.UUID()
    link_id = fields.UUID(allow_none=True)
    invoice_id = fields.UUID()
    invoice_line_id = fields.UUID()
    credit_note_id = fields.UUID(allow_none=True, metadata={"description": "Set on a reversal (PA11)"})
    family = fields.String(allow_none=True)
    condition = fields.String(metadata={"description": "The PA11 case: full-client-pays, limited, full-partner-pays"})
    amount = MoneyField(columns=("amount_minor", "currency"))
    rate = fields.String(allow_none=True, metadata={"description": "Percent; null: the catalogue's partner price"})
    ratecard_version = fields.String(allow_none=True)
    created_at = Timestamp()


class EntriesOut(Schema):
    items = fields.List(fields.Nested(EntryOut))


class StatementOut(Schema):
    id = fields.UUID()
    partner_organization_id = fields.UUID()
    month = fields.String()
    earned = MoneyField(columns=("earned_minor", "currency"))
    reversed = MoneyField(columns=("reversed_minor", "currency"))
    carried = MoneyField(columns=("carried_minor", "currency"),
                         metadata={"description": "A negative balance brought from the previous statement"})
    amount = MoneyField(columns=("amount_minor", "currency"), metadata={"description": "Credited: never negative"})
    entries = fields.Integer()
    status = fields.String(validate=validate.OneOf(("issued", "credited")))
    issued_at = Timestamp()
    credited_at = Timestamp(allow_none=True)
    prepaid_entry_id = fields.UUID(allow_none=True)


class StatementDetailOut(StatementOut):
    items = fields.List(fields.Nested(EntryOut), metadata={"description": "The entries the statement covers"})


class StatementPageOut(Schema):
    items = fields.List(fields.Nested(StatementOut))
    next_cursor = fields.String(allow_none=True, metadata={"description": "Pass as `cursor`; null on the last page"})
