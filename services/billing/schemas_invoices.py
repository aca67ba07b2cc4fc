"""Invoices and credit notes over HTTP (BI5, BI13, BI14): what is read, and a credit note's request."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.common.money_schema import MoneyField
from services.common.schema import Schema, Strict, Timestamp

from . import invoice_reads

STATUSES = ("draft", "issued", "paid", "void")
CURSOR = fields.String(validate=validate.Regexp(invoice_reads.CURSOR, error="Not a cursor this list gave."),
                       metadata={"description": "The previous page's next_cursor"})
LIMIT = fields.Integer(load_default=50, validate=validate.Range(1, 200), metadata={"description": "At most this many"})


class InvoicesQuery(Strict):
    status = fields.String(validate=validate.OneOf(STATUSES), metadata={"description": "Only invoices in this status"})
    cursor = CURSOR
    limit = LIMIT


class CreditNotesQuery(Strict):
    cursor = CURSOR
    limit = LIMIT


def _amount(column, description):
    return MoneyField(columns=(column, "currency"), metadata={"description": description})


class InvoiceSummaryOut(Schema):
    id = fields.UUID()
    organization_id = fields.UUID(metadata={"description": "The organization invoiced"})
    status = fields.String(metadata={"enum": list(STATUSES)})
    number = fields.String(allow_none=True, metadata={"description": "None while a draft (pro-forma)"})
    currency = fields.String()
    net = _amount("net_minor", "Total before VAT")
    vat = _amount("vat_minor", "Total VAT")
    total = _amount("total_minor", "Total with VAT")
    paid = _amount("paid_minor", "Paid so far")
    credited = _amount("credited_minor", "Credited by credit notes")
    created_at = Timestamp()
    issued_at = Timestamp(allow_none=True)
    due_on = fields.Date(allow_none=True)
    paid_at = Timestamp(allow_none=True)


class _Page(Schema):
    next_cursor = fields.String(allow_none=True, metadata={"description": "Pass as `cursor` for the next page; "
                                                                          "null on the last"})


class InvoicePageOut(_Page):
    items = fields.List(fields.Nested(InvoiceSummaryOut))


class InvoiceLineOut(Schema):
    id = fields.UUID(attribute="line.id")
    position = fields.Integer(attribute="line.position")
    kind = fields.String(attribute="line.kind")
    description = fields.String(attribute="line.description")
    product_id = fields.UUID(attribute="line.product_id", allow_none=True)
    product_type = fields.String(attribute="line.product_type", allow_none=True)
    period_start = fields.Date(attribute="line.period_start", allow_none=True)
    period_end = fields.Date(attribute="line.period_end", allow_none=True)
    quantity = fields.Integer(attribute="line.quantity")
    unit_price = MoneyField()
    discount = MoneyField()
    net = MoneyField()
    vat_category = fields.String(attribute="line.vat_category")
    vat_rate = fields.String(attribute="line.vat_rate", metadata={"description": "Percent, e.g. \"8.1\""})
    vat = MoneyField()
    total = MoneyField()


class VatRateOut(Schema):
    rate = fields.String(metadata={"description": "Percent, e.g. \"8.1\""})
    net = MoneyField()
    vat = MoneyField()


class PaymentSummaryOut(Schema):
    id = fields.UUID()
    method = fields.String()
    status = fields.String()
    amount = _amount("amount_minor", "")
    completed_at = Timestamp(allow_none=True)


class CreditNoteSummaryOut(Schema):
    id = fields.UUID()
    invoice_id = fields.UUID()
    number = fields.String()
    currency = fields.String()
    net = _amount("net_minor", "Credited before VAT")
    vat = _amount("vat_minor", "VAT credited")
    total = _amount("total_minor", "Credited in all")
    reason = fields.String()
    issued_at = Timestamp()


class InvoiceOut(InvoiceSummaryOut):
    buyer = fields.Dict(allow_none=True, metadata={"description": "The billing address as it was when issued"})
    country = fields.String(metadata={"description": "Where VAT is due"})
    qr_reference = fields.String(allow_none=True, metadata={"description": "CHF: the QR-bill's reference"})
    order_id = fields.UUID(allow_none=True)
    due = MoneyField(metadata={"description": "What remains to pay: total less paid and credited"})
    lines = fields.List(fields.Nested(InvoiceLineOut))
    vat_rates = fields.List(fields.Nested(VatRateOut), metadata={"description": "VAT per rate"})
    payments = fields.List(fields.Nested(PaymentSummaryOut))
    credit_notes = fields.List(fields.Nested(CreditNoteSummaryOut))


class CreditNotePageOut(_Page):
    items = fields.List(fields.Nested(CreditNoteSummaryOut))


class CreditedLineOut(Schema):
    invoice_line_id = fields.UUID(attribute="line.id")
    position = fields.Integer(attribute="line.position")
    description = fields.String(attribute="line.description")
    vat_rate = fields.String(attribute="line.vat_rate")
    net = MoneyField()
    vat = MoneyField()
    total = MoneyField()


class CreditNoteOut(CreditNoteSummaryOut):
    invoice_number = fields.String()
    lines = fields.List(fields.Nested(CreditedLineOut))


class CreditLineIn(Strict):
    invoice_line_id = fields.UUID(required=True)
    amount = MoneyField(required=True, metadata={"description": "The net to credit (before VAT); a discount line "
                                                                "is credited with a negative amount"})


class CreditNoteIn(Strict):
    lines = fields.List(fields.Nested(CreditLineIn), required=True, validate=validate.Length(1, 500))
    reason = fields.String(required=True, validate=validate.Length(1, 300))

    @validates_schema
    def _each_line_once(self, data, **_):
        ids = [line["invoice_line_id"] for line in data.get("lines", [])]
        if len(ids) != len(set(ids)):
            raise ValidationError("Name each invoice line once.", field_name="lines")
