"""Request and response shapes of payment profiles, payments and the prepaid account (BI7, BI8)."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.common.money_schema import MoneyField
from services.common.schema import Schema, Strict, Timestamp

from .payment_rules import METHODS, iban_valid
from .schemas_invoices import InvoiceSummaryOut  # one shape of an invoice in a list or a payment's answer

NEEDS = {"card": ("card_number", "expires"), "postfinance": ("account",), "paypal": ("account",),
         "twint": ("account",), "iban": ("iban",)}
IBAN_TEXT = validate.Regexp(r"^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{11,40}$", error="an IBAN such as CH93 0076 2011 6238 5295 7")


def _iban(value):
    if not iban_valid(value):
        raise ValidationError("The IBAN's check digits are wrong.")


class PaymentProfileIn(Strict):
    method = fields.String(required=True, validate=validate.OneOf(METHODS))
    card_number = fields.String(load_only=True, validate=validate.Regexp(r"^[0-9]{12,19}$"), metadata={
        "description": "card: the number, handed to the provider and never stored or shown again"})
    expires = fields.String(validate=validate.Regexp(r"^20[0-9]{2}-(0[1-9]|1[0-2])$"),
                            metadata={"description": "card: YYYY-MM", "example": "2030-12"})
    account = fields.String(validate=validate.Length(min=3, max=80), metadata={
        "description": "postfinance, paypal, twint: the account as the payer knows it (e-mail, phone...)"})
    iban = fields.String(validate=[IBAN_TEXT, _iban], metadata={"description": "iban: the account to pay from"})

    @validates_schema
    def _fields_of_the_method(self, data, **_):
        needed = NEEDS.get(data.get("method"), ())
        for name in needed:
            if name not in data:
                raise ValidationError(f"required for method {data['method']}", field_name=name)
        for name in {n for names in NEEDS.values() for n in names} - set(needed):
            if name in data:
                raise ValidationError(f"not taken with method {data.get('method')}", field_name=name)


class PaymentProfileOut(Schema):
    id = fields.UUID()
    method = fields.String(metadata={"enum": list(METHODS)})
    brand = fields.String(allow_none=True, metadata={"description": "visa or mastercard (cards)"})
    label = fields.String(metadata={"description": "What the payer recognizes, e.g. Visa •••• 4242"})
    expires = fields.String(allow_none=True)
    currency = fields.String(allow_none=True, metadata={"description": "CHF for a PostFinance Card (BI7)"})
    is_default = fields.Boolean()
    created_at = Timestamp()


class PayInvoiceIn(Strict):
    prepaid_amount = MoneyField(metadata={"description": "From the prepaid account: all or part of what is due"})
    profile_id = fields.UUID(metadata={"description": "Pays the rest; the default profile when not given"})


class PaymentOut(Schema):
    id = fields.UUID()
    invoice_id = fields.UUID(allow_none=True)
    purpose = fields.String(metadata={"enum": ["invoice", "deposit", "withdrawal"]})
    method = fields.String(metadata={"enum": [*METHODS, "prepaid"]})
    profile_id = fields.UUID(allow_none=True)
    amount = MoneyField(columns=("amount_minor", "currency"))
    status = fields.String(metadata={"enum": ["pending", "requires_action", "succeeded", "failed", "refunded"]})
    action_url = fields.String(allow_none=True, metadata={"description": "Where the payer answers 3-D Secure"})
    failure = fields.String(allow_none=True, metadata={"description": "Why it failed, e.g. card_declined"})
    created_at = Timestamp()
    completed_at = Timestamp(allow_none=True)


STATUS = fields.String(metadata={"enum": ["succeeded", "requires_action", "failed"]})


class PayInvoiceOut(Schema):
    status = STATUS
    action_url = fields.String(allow_none=True, metadata={"description": "requires_action: the 3-D Secure page"})
    payments = fields.List(fields.Nested(PaymentOut), metadata={"description": "The attempts this request made"})
    invoice = fields.Nested(InvoiceSummaryOut)


class DepositIn(Strict):
    amount = MoneyField(required=True, metadata={"description": "0.10 to 9,999.00 in the account's currency (BI8)"})
    profile_id = fields.UUID(required=True)


class DepositOut(Schema):
    status = STATUS
    action_url = fields.String(allow_none=True)
    payment = fields.Nested(PaymentOut)
    balance = MoneyField(metadata={"description": "The balance now (a deposit waiting for 3-D Secure is not in it)"})


class WithdrawalIn(Strict):
    amount = MoneyField(required=True, metadata={"description": "At most the balance (BI8)"})
    iban = fields.String(required=True, validate=[IBAN_TEXT, _iban])


class WithdrawalOut(Schema):
    status = fields.String(metadata={"enum": ["succeeded"]})
    payment = fields.Nested(PaymentOut)
    balance = MoneyField()
    iban = fields.String(metadata={"description": "Masked, e.g. CH93 •••• 2957"})


class PrepaidQuery(Strict):
    cursor = fields.String(validate=validate.Regexp(r"^[0-9]{1,9}$"), metadata={"description": "next_cursor of the page before"})


class PrepaidEntryOut(Schema):
    id = fields.UUID()
    kind = fields.String(metadata={"enum": ["deposit", "payment", "withdrawal", "refund", "credit"]})
    amount = MoneyField(columns=("amount_minor", "currency"), metadata={"description": "Signed: + in, - out"})
    reference = fields.String(allow_none=True)
    note = fields.String()
    created_at = Timestamp()


class PrepaidOut(Schema):
    balance = MoneyField()
    items = fields.List(fields.Nested(PrepaidEntryOut), metadata={"description": "Movements, newest first"})
    next_cursor = fields.String(allow_none=True, metadata={"description": "None on the last page"})
