"""Billing's tables. Bound to its own database at start-up (`app.init_database`).

Money is stored the one way (BI14): an integer `<name>_minor` column and the row's ISO 4217
`currency`; `money_property` gives it back as Money. Instants are naive UTC (services/common/clock.py).
"""
import uuid

import peewee

from services.common.clock import utcnow
from services.common.db import JSONField, money_property
from services.common.idempotency import idempotency_table
from services.common.messages import Messages, message_table
from services.common.outbox import Outbox, event_tables
from services.common.revocations import revocation_table
from services.common.runs import run_table

from .events import PRODUCED

db = peewee.DatabaseProxy()


class Base(peewee.Model):
    class Meta:
        database = db


class BillingAccount(Base):
    """One per organization: its currency and prepaid balance, in minor units (BI8, BI14).
    The balance is the sum of the organization's `prepaid_entry` rows, kept here so that a
    debit can be a conditional UPDATE (never below zero)."""

    organization_id = peewee.UUIDField(primary_key=True)
    currency = peewee.CharField(max_length=3)
    prepaid_balance_minor = peewee.BigIntegerField(default=0)
    opened_at = peewee.DateTimeField(default=utcnow)
    prepaid_balance = money_property("prepaid_balance_minor")


class BillingAddress(Base):
    """BI9: an organization holds several; one is the default, a renewal may name another."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    organization_id = peewee.UUIDField(index=True)
    label = peewee.CharField(max_length=100, default="")
    name = peewee.CharField(max_length=200)  # the invoice's addressee (company or person)
    street = peewee.CharField(max_length=200)
    postal_code = peewee.CharField(max_length=20)
    city = peewee.CharField(max_length=100)
    country = peewee.CharField(max_length=2)  # ISO 3166-1 alpha-2; VAT rates are by country
    vat_number = peewee.CharField(max_length=40, null=True)
    email = peewee.CharField(max_length=254, null=True)  # where invoices are mailed, if not the contacts
    is_default = peewee.BooleanField(default=False)
    created_at = peewee.DateTimeField(default=utcnow)
    archived_at = peewee.DateTimeField(null=True)  # removed from choice; invoices keep their snapshot


class PaymentProfile(Base):
    """BI7: a stored way to pay; one per organization is the default. The provider keeps the
    card or account; billing keeps only its token and what a person recognizes."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    organization_id = peewee.UUIDField(index=True)
    method = peewee.CharField(max_length=20)  # card | postfinance | paypal | twint | iban
    brand = peewee.CharField(max_length=20, null=True)  # visa | mastercard (cards)
    label = peewee.CharField(max_length=100)  # e.g. "Visa •••• 4242"
    provider_token = peewee.CharField(max_length=200)
    expires = peewee.CharField(max_length=7, null=True)  # YYYY-MM (cards)
    currency = peewee.CharField(max_length=3, null=True)  # PostFinance: CHF only
    is_default = peewee.BooleanField(default=False)
    created_at = peewee.DateTimeField(default=utcnow)
    removed_at = peewee.DateTimeField(null=True)


class Order(Base):
    """A cart until placed (BI10); then placed, held by the fraud check (BI11), paid or cancelled.
    Who ordered is recorded for the partner programme: the account and how it reached the
    organization (its membership, or a partner delegation) as orgs' access check said."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    organization_id = peewee.UUIDField(index=True)
    status = peewee.CharField(max_length=20, default="cart")  # cart placed held paid cancelled
    currency = peewee.CharField(max_length=3)
    promotion_code = peewee.CharField(max_length=40, null=True)
    discount_minor = peewee.BigIntegerField(default=0)
    billing_address_id = peewee.UUIDField(null=True)
    invoice_id = peewee.UUIDField(null=True)  # the pro-forma, then the invoice, of this order
    ordered_by = peewee.UUIDField(null=True)  # the account that placed it
    ordered_via_kind = peewee.CharField(max_length=20, null=True)  # membership | delegation | ...
    ordered_via_id = peewee.CharField(max_length=64, null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    placed_at = peewee.DateTimeField(null=True)
    held_at = peewee.DateTimeField(null=True)
    fraud_reason = peewee.CharField(max_length=200, null=True)
    verified_at = peewee.DateTimeField(null=True)
    verification = peewee.TextField(null=True)  # BI11: what the customer sent for the requested verification
    paid_at = peewee.DateTimeField(null=True)
    cancelled_at = peewee.DateTimeField(null=True)
    cancel_reason = peewee.CharField(max_length=200, null=True)
    referral_code = peewee.CharField(max_length=8, null=True)  # PA15: the affiliate's code it came with (step 14)
    discount = money_property("discount_minor")

    class Meta:
        table_name = "orders"  # ORDER is an SQL keyword


class OrderItem(Base):
    """One product in a cart: its type, name, period, periods paid ahead, units (volume
    tiers), a free voucher chosen next to it (BI10), and the options taken at order (BI3, BI4)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    order = peewee.ForeignKeyField(Order, backref="items", on_delete="CASCADE")
    position = peewee.IntegerField()
    product_type = peewee.CharField(max_length=63)
    name = peewee.CharField(max_length=200)
    months = peewee.IntegerField()
    periods = peewee.IntegerField(default=1)
    units = peewee.IntegerField(default=1)
    voucher_code = peewee.CharField(max_length=40, null=True)
    warranty = peewee.BooleanField(default=False)
    auto_renew = peewee.BooleanField(default=False)
    product_id = peewee.UUIDField(null=True)  # the product it started, once paid


class Product(Base):
    """A billed service an organization holds (BI1). It always stays in its organization;
    who is invoiced for it is `billed_organization_id` (default: the same organization), so
    that a partner that pays can be invoiced later without a migration (PA8)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    organization_id = peewee.UUIDField(index=True)
    billed_organization_id = peewee.UUIDField(index=True)
    type = peewee.CharField(max_length=63)  # a catalogue id
    family = peewee.CharField(max_length=20)
    name = peewee.CharField(max_length=200)
    price_minor = peewee.BigIntegerField()  # the price of one period when last ordered or renewed
    currency = peewee.CharField(max_length=3)
    period_months = peewee.IntegerField(default=12)
    units = peewee.IntegerField(default=1)
    started_on = peewee.DateField()
    expires_on = peewee.DateField(index=True)
    status = peewee.CharField(max_length=20, default="active", index=True)  # active suspended terminated cancelled
    auto_renew = peewee.BooleanField(default=False)  # BI3
    warranty = peewee.BooleanField(default=False)  # BI4
    billing_address_id = peewee.UUIDField(null=True)  # BI9: the address its renewals are invoiced to
    order_id = peewee.UUIDField(null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    suspended_at = peewee.DateTimeField(null=True)
    terminated_at = peewee.DateTimeField(null=True)
    cancelled_at = peewee.DateTimeField(null=True)
    price = money_property("price_minor")


class Invoice(Base):
    """BI5: a draft (or pro-forma: a draft shown before payment) has no number; issuing gives
    it the next number of its series and year and freezes it (the database refuses changes to
    an issued invoice's amounts and lines). `organization_id` is the organization invoiced."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    organization_id = peewee.UUIDField(index=True)
    status = peewee.CharField(max_length=20, default="draft", index=True)  # draft issued paid void
    number = peewee.CharField(max_length=30, null=True, unique=True)
    year = peewee.IntegerField(null=True)
    currency = peewee.CharField(max_length=3)
    net_minor = peewee.BigIntegerField(default=0)
    vat_minor = peewee.BigIntegerField(default=0)
    total_minor = peewee.BigIntegerField(default=0)
    paid_minor = peewee.BigIntegerField(default=0)
    credited_minor = peewee.BigIntegerField(default=0)
    buyer = JSONField(null=True)  # the billing address as it was when issued
    country = peewee.CharField(max_length=2, default="CH")  # where VAT is due
    order_id = peewee.UUIDField(null=True, index=True)
    qr_reference = peewee.CharField(max_length=27, null=True)  # CHF: the QR reference (27 digits)
    created_at = peewee.DateTimeField(default=utcnow)
    issued_at = peewee.DateTimeField(null=True)
    due_on = peewee.DateField(null=True, index=True)
    paid_at = peewee.DateTimeField(null=True)
    reminders_sent = peewee.IntegerField(default=0)  # BI6 dunning
    # Who asked for it ({account_id, via_kind, via_id}, orgs' access check `via`); None: a scheduled run.
    ordered_by = JSONField(null=True)
    settled_at = peewee.DateTimeField(null=True)  # when what it pays for was started or extended (settlement.py)
    net = money_property("net_minor")
    vat = money_property("vat_minor")
    total = money_property("total_minor")
    paid = money_property("paid_minor")
    credited = money_property("credited_minor")


class InvoiceLine(Base):
    """One line: what it pays for, its net amount, VAT category, rate and amount (BI14)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    invoice = peewee.ForeignKeyField(Invoice, backref="lines", on_delete="CASCADE")
    position = peewee.IntegerField()
    kind = peewee.CharField(max_length=20)  # order | renewal | warranty | discount | ...
    product_id = peewee.UUIDField(null=True, index=True)
    order_item_id = peewee.UUIDField(null=True)
    product_type = peewee.CharField(max_length=63, null=True)
    description = peewee.CharField(max_length=300)
    period_start = peewee.DateField(null=True)
    period_end = peewee.DateField(null=True)
    quantity = peewee.IntegerField(default=1)
    unit_price_minor = peewee.BigIntegerField()
    discount_minor = peewee.BigIntegerField(default=0)
    net_minor = peewee.BigIntegerField()
    vat_category = peewee.CharField(max_length=20)
    vat_rate = peewee.CharField(max_length=10)  # a decimal percentage as text, e.g. "8.1"
    vat_minor = peewee.BigIntegerField()
    # PA11 (migration step 11): the line's public price before any reduction (unit price ×
    # quantity), the part of `discount_minor` that is the partner discount, and for domain names
    # the catalogue's reduced partner price of what the line charges; billing.invoice.issued
    # carries them (partner computes cashback from them).
    public_minor = peewee.BigIntegerField(null=True)
    partner_discount_minor = peewee.BigIntegerField(default=0)
    catalogue_partner_minor = peewee.BigIntegerField(null=True)


class CreditNote(Base):
    """BI5: the only correction of an issued invoice; numbered in its own series."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    invoice = peewee.ForeignKeyField(Invoice, backref="credit_notes")
    organization_id = peewee.UUIDField(index=True)
    number = peewee.CharField(max_length=30, unique=True)
    year = peewee.IntegerField()
    currency = peewee.CharField(max_length=3)
    net_minor = peewee.BigIntegerField()
    vat_minor = peewee.BigIntegerField()
    total_minor = peewee.BigIntegerField()
    reason = peewee.CharField(max_length=300)
    issued_at = peewee.DateTimeField(default=utcnow)
    net = money_property("net_minor")
    vat = money_property("vat_minor")
    total = money_property("total_minor")


class CreditNoteLine(Base):
    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    credit_note = peewee.ForeignKeyField(CreditNote, backref="lines", on_delete="CASCADE")
    invoice_line = peewee.ForeignKeyField(InvoiceLine)
    net_minor = peewee.BigIntegerField()
    vat_minor = peewee.BigIntegerField()


class NumberSequence(Base):
    """BI5: the last number given per series (invoices, credit notes) and year. Taking a
    number locks this row until the issuing transaction ends, so numbers have no gaps."""

    series = peewee.CharField(max_length=10)
    year = peewee.IntegerField()
    last_number = peewee.IntegerField(default=0)

    class Meta:
        primary_key = peewee.CompositeKey("series", "year")
        table_name = "number_sequence"


class Document(Base):
    """The PDF of an issued invoice or credit note, rendered once (re-rendered on request)."""

    id = peewee.UUIDField(primary_key=True)  # the invoice's or credit note's id
    kind = peewee.CharField(max_length=20)  # invoice | credit_note
    pdf = peewee.BlobField()
    rendered_at = peewee.DateTimeField(default=utcnow)


class Payment(Base):
    """One attempt to collect money for an invoice (or a prepaid deposit) through one method
    (BI7). The provider may answer at once or ask for 3-D Secure and finish on its callback."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    organization_id = peewee.UUIDField(index=True)
    invoice_id = peewee.UUIDField(null=True, index=True)
    purpose = peewee.CharField(max_length=20, default="invoice")  # invoice | deposit | refund
    method = peewee.CharField(max_length=20)  # card postfinance paypal twint iban prepaid
    profile_id = peewee.UUIDField(null=True)
    amount_minor = peewee.BigIntegerField()
    currency = peewee.CharField(max_length=3)
    status = peewee.CharField(max_length=20, default="pending")  # pending requires_action succeeded failed refunded
    provider_reference = peewee.CharField(max_length=100, null=True, index=True)
    action_url = peewee.CharField(max_length=500, null=True)  # where the payer completes 3-D Secure
    failure = peewee.CharField(max_length=200, null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    completed_at = peewee.DateTimeField(null=True)
    amount = money_property("amount_minor")


class PrepaidEntry(Base):
    """BI8: one movement of a prepaid account; their sum is always the balance."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    organization_id = peewee.UUIDField(index=True)
    kind = peewee.CharField(max_length=20)  # deposit payment withdrawal refund credit
    amount_minor = peewee.BigIntegerField()  # signed: + in, - out
    currency = peewee.CharField(max_length=3)
    reference = peewee.CharField(max_length=100, null=True)  # invoice, payment or event id
    note = peewee.CharField(max_length=200, default="")
    created_at = peewee.DateTimeField(default=utcnow)
    amount = money_property("amount_minor")

    class Meta:
        # One movement per reference and kind: crediting twice for the same event adds nothing.
        indexes = ((("organization_id", "kind", "reference"), True),)


class BankCredit(Base):
    """An incoming transfer from an ISO 20022 camt.054 file (BI7), matched to an invoice by its
    QR reference or number; partial, excess and unmatched ones wait in the review list."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    entry_reference = peewee.CharField(max_length=100, unique=True)  # the bank's id: a re-import adds nothing
    amount_minor = peewee.BigIntegerField()
    currency = peewee.CharField(max_length=3)
    reference = peewee.CharField(max_length=140, null=True)  # QR reference or remittance text
    debtor = peewee.CharField(max_length=200, null=True)
    booked_on = peewee.DateField()
    status = peewee.CharField(max_length=20)  # matched | review | resolved
    review_reason = peewee.CharField(max_length=40, null=True)  # partial | excess | unmatched
    invoice_id = peewee.UUIDField(null=True)
    imported_at = peewee.DateTimeField(default=utcnow)
    resolved_at = peewee.DateTimeField(null=True)
    resolution = peewee.CharField(max_length=300, null=True)
    amount = money_property("amount_minor")


class PromotionCode(Base):
    """BI10: a reduction applied at the end of an order, as a percentage or a fixed amount."""

    code = peewee.CharField(max_length=40, primary_key=True)
    percent = peewee.CharField(max_length=10, null=True)  # a decimal percentage as text
    amount_minor = peewee.BigIntegerField(null=True)
    currency = peewee.CharField(max_length=3, null=True)
    valid_from = peewee.DateField()
    valid_until = peewee.DateField()
    max_uses = peewee.IntegerField(null=True)
    uses = peewee.IntegerField(default=0)


class Voucher(Base):
    """BI10: one free product of one type, chosen next to that product in the cart."""

    code = peewee.CharField(max_length=40, primary_key=True)
    product_type = peewee.CharField(max_length=63)
    months = peewee.IntegerField()
    valid_until = peewee.DateField()
    used_by_item = peewee.UUIDField(null=True)


class RenewalAttempt(Base):
    """BI3, BI4: one charge of an automatic renewal (attempt 1, 2, ... as the retries come) or
    the warranty renewal (attempt 0) of a product for one expiry. The unique key is what makes a
    repeated or restarted run never charge twice for the same expiry."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    product_id = peewee.UUIDField()
    expires_on = peewee.DateField()  # the expiry being renewed
    attempt = peewee.IntegerField()  # 1.. the charge attempts; 0 the warranty renewal
    invoice_id = peewee.UUIDField(null=True, index=True)  # the renewal's pro-forma, then its invoice
    profile_id = peewee.UUIDField(null=True)  # the card charged
    status = peewee.CharField(max_length=20, default="pending")  # pending succeeded failed | renewed (warranty)
    failure = peewee.CharField(max_length=200, null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    finished_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "renewal_attempt"
        indexes = ((("product_id", "expires_on", "attempt"), True),)


class ExpiryWarning(Base):
    """BI6: a warning mailed before expiry, once per product, expiry and days ahead (30, 7)."""

    product_id = peewee.UUIDField()
    expires_on = peewee.DateField()
    days_before = peewee.IntegerField()
    sent_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "expiry_warning"
        primary_key = peewee.CompositeKey("product_id", "expires_on", "days_before")


class PayerRoute(Base):
    """PA8: what billing knows of one partner link (partner.link.* events): its client, its
    partner, who pays and its status, as of the highest `version` seen (payers.py)."""

    link_id = peewee.UUIDField(primary_key=True)
    client_organization_id = peewee.UUIDField(index=True)
    partner_organization_id = peewee.UUIDField()
    payer = peewee.CharField(max_length=10)  # client | partner
    status = peewee.CharField(max_length=20)  # the link's: only "active" counts
    version = peewee.IntegerField()
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "payer_route"


class PartnerBenefit(Base):
    """PA11: what billing knows of a partner's benefits (partner.benefits.changed), as of the
    highest `version` seen (partner_benefits.py): whether they run, the tier and the rate per family."""

    partner_organization_id = peewee.UUIDField(primary_key=True)
    version = peewee.IntegerField()
    active = peewee.BooleanField()
    currency = peewee.CharField(max_length=3)
    tier = peewee.CharField(max_length=40, null=True)
    rates = JSONField()  # {family: "12.5"}: percentages as decimal strings
    ratecard_version = peewee.CharField(max_length=40)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "partner_benefit"


OutboxEvent, ProcessedEvent = event_tables(db)
RevokedCredential = revocation_table(db)  # identity's revoked sessions and tokens (ID12)
OutboundMessage = message_table(db)  # mail after commit
ScheduledRun = run_table(db)
IdempotencyRecord = idempotency_table(db)  # Idempotency-Key answers, replayed for 24 h
outbox = Outbox(OutboxEvent, "billing", PRODUCED)
messages = Messages(OutboundMessage)

NEW_TABLES = [BillingAddress, PaymentProfile, Order, OrderItem, Product, Invoice, InvoiceLine, CreditNote,
              CreditNoteLine, NumberSequence, Document, Payment, PrepaidEntry, BankCredit, PromotionCode, Voucher,
              IdempotencyRecord, OutboundMessage, ScheduledRun]
