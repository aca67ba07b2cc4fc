"""Billing's schema versions; applied at start-up by services.common.migrations."""
from playhouse.migrate import SchemaMigrator, migrate

from services.common.migrations import epoch_to_datetime

from . import immutability, rebilling_models
from .models import (NEW_TABLES, BillingAccount, ExpiryWarning, Invoice, InvoiceLine, Order, OutboxEvent, PartnerBenefit,
                     PayerRoute, ProcessedEvent, RenewalAttempt, RevokedCredential)


def _billing_tables(db):
    # Steps 1-2 made placeholder `product` and `invoice` tables that no code ever wrote: they
    # are replaced by the full ones.
    db.execute_sql("DROP TABLE IF EXISTS product")
    db.execute_sql("DROP TABLE IF EXISTS invoice")
    db.create_tables(NEW_TABLES)


def _placeholders(db):
    db.execute_sql("CREATE TABLE IF NOT EXISTS product (id VARCHAR(40) PRIMARY KEY)")
    db.execute_sql("CREATE TABLE IF NOT EXISTS invoice (id VARCHAR(40) PRIMARY KEY)")


def _orders_columns(db):
    # Step 5 creates the tables from today's models: on a fresh database the columns exist already.
    migrator = SchemaMigrator.from_database(db)
    for model, names in ((Order, ("verification",)), (Invoice, ("ordered_by", "settled_at"))):
        existing = {column.name for column in db.get_columns(model._meta.table_name)}
        migrate(*[migrator.add_column(model._meta.table_name, name, getattr(model, name))
                  for name in names if name not in existing])


def _referral_code(db):
    # PA15: an order remembers the affiliate code it came with; invoice.issued passes it to partner.
    # Step 5 creates `orders` from today's model: on a fresh database the column exists already.
    if "referral_code" not in {column.name for column in db.get_columns("orders")}:
        migrate(SchemaMigrator.from_database(db).add_column("orders", "referral_code", Order.referral_code))


def _rebilling_tables(db):
    db.create_tables(rebilling_models.TABLES)
    immutability.counts_up_by_one(db, "branded_number_sequence", "partner_organization_id")


# Step 11 (PA11): added with a default in the statement itself, never by an UPDATE, which the
# immutability triggers of step 6 would refuse on the lines of issued invoices.
_LINE_COLUMNS = (("public_minor", "BIGINT"), ("partner_discount_minor", "BIGINT NOT NULL DEFAULT 0"),
                 ("catalogue_partner_minor", "BIGINT"))


def _partner_discount(db):
    table = InvoiceLine._meta.table_name
    existing = {column.name for column in db.get_columns(table)}
    for name, kind in _LINE_COLUMNS:
        if name not in existing:
            db.execute_sql(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
    db.create_tables([PartnerBenefit])
    # PA9: a client's export walks the partner's (and the client's) invoices by issue time.
    db.execute_sql("CREATE INDEX IF NOT EXISTS invoice_organization_id_issued_at_id ON invoice (organization_id, "
                   "issued_at, id)")


STEPS = [
    (1, "billing accounts, outbox", lambda db: db.create_tables([BillingAccount, OutboxEvent, ProcessedEvent])),
    (2, "products and invoices (placeholders)", _placeholders),
    (3, "revoked credentials (ID12)", lambda db: db.create_tables([RevokedCredential])),
    (4, "revocation expiries as timestamps", lambda db: epoch_to_datetime(db, "revoked_credentials", "expires_at")),
    (5, "orders, products, invoices, credit notes, payments, prepaid ledger, bank credits, codes, "
        "idempotency, messages, runs", _billing_tables),
    (6, "issued invoices and credit notes are immutable, numbers count up by one (BI5)", immutability.install),
    (7, "a held order's verification (BI11); who asked for an invoice, when it was settled", _orders_columns),
    (8, "prepaid movements unique per organization, kind and reference (BI8: a credit is not taken twice)",
     lambda db: db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS prepaidentry_organization_id_kind_reference "
                               "ON prepaidentry (organization_id, kind, reference)")),
    (9, "renewal attempts and expiry warnings (BI3, BI4, BI6)",
     lambda db: db.create_tables([RenewalAttempt, ExpiryWarning])),
    (10, "who pays for a client's products: the partner links billing knows (PA8)",
     lambda db: db.create_tables([PayerRoute])),
    (11, "partner benefits billing knows; the public price, partner discount and catalogue partner price of "
         "invoice lines (PA11); invoices by organization and issue time (PA9)", _partner_discount),
    (12, "rebilling: partner branding, markup rules, branded invoices and their number series per partner (PX5)",
     _rebilling_tables),
    (13, "issued branded invoices and their lines are immutable (PX5)",
     lambda db: [immutability.frozen(db, table, immutability.BRANDED)
                 for table in ("branded_invoice", "branded_invoice_line")]),
    (14, "affiliates: the referral code an order came with (PA15)", _referral_code),
]
