"""PX5 rebilling's tables (billing migration step 12): a partner's branding, its markup rules,
its branded invoices with their lines, and their number series per partner and year."""
import uuid

import peewee

from services.common.clock import utcnow
from services.common.db import JSONField, money_property

from .models import Base


class PartnerBranding(Base):
    """What a partner's own invoices say of it: name, address, VAT number, logo, where to pay."""

    partner_organization_id = peewee.UUIDField(primary_key=True)
    name = peewee.CharField(max_length=200)
    street = peewee.CharField(max_length=200)
    postal_code = peewee.CharField(max_length=20)
    city = peewee.CharField(max_length=100)
    country = peewee.CharField(max_length=2)
    vat_number = peewee.CharField(max_length=40)
    currency = peewee.CharField(max_length=3)  # CHF | EUR: its branded invoices' currency
    iban = peewee.CharField(max_length=34, null=True)
    qr_iban = peewee.CharField(max_length=34, null=True)  # CHF: the QR-bill's account with a QR reference
    number_prefix = peewee.CharField(max_length=8, default="INV")
    logo = peewee.BlobField(null=True)  # PNG or JPEG, at most 200 kB
    logo_type = peewee.CharField(max_length=20, null=True)  # image/png | image/jpeg
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "partner_branding"


class MarkupRule(Base):
    """PX5: one markup rule (markup.Rule); never changed, deleted only before it takes effect."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    partner_organization_id = peewee.UUIDField(index=True)
    client_organization_id = peewee.UUIDField(null=True)
    family = peewee.CharField(max_length=20, null=True)
    kind = peewee.CharField(max_length=10)  # percent | amount
    percent = peewee.CharField(max_length=12, null=True)  # a decimal percentage as text
    amount_minor = peewee.BigIntegerField(null=True)
    currency = peewee.CharField(max_length=3, null=True)
    rounding = peewee.CharField(max_length=4)  # 0.01 | 0.05
    effective_from = peewee.DateField()
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "markup_rule"


class BrandedInvoice(Base):
    """A partner's invoice to its client for what billing invoiced the partner (`source_invoice_id`)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    partner_organization_id = peewee.UUIDField()
    client_organization_id = peewee.UUIDField()
    client_name = peewee.CharField(max_length=200)
    source_invoice_id = peewee.UUIDField()
    number = peewee.CharField(max_length=30)
    year = peewee.IntegerField()
    month = peewee.CharField(max_length=7)  # YYYY-MM: the margin report's month
    currency = peewee.CharField(max_length=3)
    cost_minor = peewee.BigIntegerField()  # what billing invoiced the partner for these lines (net)
    net_minor = peewee.BigIntegerField()  # the resale, net
    vat_minor = peewee.BigIntegerField()
    total_minor = peewee.BigIntegerField()
    seller = JSONField()  # the partner's branding as it was when issued (logo aside)
    buyer = JSONField(null=True)  # the client's billing address as it was
    qr_reference = peewee.CharField(max_length=27, null=True)
    issued_at = peewee.DateTimeField(default=utcnow)
    due_on = peewee.DateField()
    net = money_property("net_minor")
    total = money_property("total_minor")

    class Meta:
        table_name = "branded_invoice"
        indexes = ((("partner_organization_id", "number"), True),
                   (("source_invoice_id", "client_organization_id"), True),  # once per source invoice and client
                   (("partner_organization_id", "client_organization_id", "month"), False))


class BrandedInvoiceLine(Base):
    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    branded_invoice = peewee.ForeignKeyField(BrandedInvoice, backref="lines", on_delete="CASCADE")
    position = peewee.IntegerField()
    description = peewee.CharField(max_length=300)
    product_id = peewee.UUIDField(null=True)
    family = peewee.CharField(max_length=20, null=True)
    period_start = peewee.DateField(null=True)
    period_end = peewee.DateField(null=True)
    source_line_id = peewee.UUIDField()
    markup_rule_id = peewee.UUIDField(null=True)
    cost_minor = peewee.BigIntegerField()
    net_minor = peewee.BigIntegerField()  # resale
    vat_category = peewee.CharField(max_length=20)
    vat_rate = peewee.CharField(max_length=10)
    vat_minor = peewee.BigIntegerField()

    class Meta:
        table_name = "branded_invoice_line"


class BrandedNumberSequence(Base):
    """The last branded invoice number per partner and year (invoicing.take_number: no gaps)."""

    partner_organization_id = peewee.UUIDField()
    year = peewee.IntegerField()
    last_number = peewee.IntegerField(default=0)

    class Meta:
        primary_key = peewee.CompositeKey("partner_organization_id", "year")
        table_name = "branded_number_sequence"


TABLES = [PartnerBranding, MarkupRule, BrandedInvoice, BrandedInvoiceLine, BrandedNumberSequence]
