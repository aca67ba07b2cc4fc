"""Partner's schema versions; applied at start-up by services.common.migrations."""
from playhouse.migrate import SchemaMigrator, migrate

from services.common import referrals
from services.common.migrations import epoch_to_datetime

from . import directory_search
from .models import (Affiliate, AffiliatePayout, Application, Assignment, Attribution, CashbackEntry, CashbackStatement,
                     Commission, IdempotencyRecord, InvoiceFact, KnownOrganization, Link, LinkWarning, ManagedLink,
                     OutboundMessage, OutboxEvent, Partner, ProcessedEvent, ProductFact, Profile, ReferralSignup,
                     RevokedCredential, ScheduledRun, Standing, StopRequest, VolumeContribution, WebhookAttempt,
                     WebhookDelivery, WebhookSubscription)
from .models import Tender, TenderAnswer, TenderAward, TenderDelivery, TenderLimit  # PA13 (step 14)


def _webhook_retries(db):
    # Step 8 creates webhook_delivery from today's model: on a fresh database the columns exist already.
    migrator = SchemaMigrator.from_database(db)
    existing = {column.name for column in db.get_columns("webhook_delivery")}
    migrate(*[migrator.add_column("webhook_delivery", name, getattr(WebhookDelivery, name))
              for name in ("first_attempt_at", "claimed_until", "replays") if name not in existing])
    db.create_tables([WebhookAttempt])


def _one_open_application(db):
    # A partial unique index (SQLite and PostgreSQL): two concurrent applications cannot both stay.
    db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS application_one_open ON application (organization_id) "
                   "WHERE status IN ('pending', 'approved')")


def _one_open_link_per_pair(db):
    # A partial unique index (SQLite and PostgreSQL both have them): of two simultaneous requests
    # for the same pair, the second insert fails and is answered 409.
    db.execute_sql("CREATE UNIQUE INDEX link_open_pair ON link (partner_organization_id, client_organization_id) "
                   "WHERE status IN ('pending', 'active')")


def _threshold(db):
    db.create_tables([ManagedLink])
    # A database made before step 9 lacks the column; one made since got it from the model in step 8.
    if "ratecard_version" not in {column.name for column in db.get_columns("standing")}:
        db.execute_sql("ALTER TABLE standing ADD COLUMN ratecard_version VARCHAR(40)")


def _affiliates(db):
    # Step 4 creates `affiliate` from today's model: on a fresh database the columns exist already.
    migrator = SchemaMigrator.from_database(db)
    existing = {column.name for column in db.get_columns("affiliate")}
    migrate(*[migrator.add_column("affiliate", name, getattr(Affiliate, name))
              for name in ("code", "currency", "joined_by", "ended_at") if name not in existing])
    db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS affiliate_code ON affiliate (code)")
    # Rows from before issue 13 get their code and currency now (the organization's, CHF if unknown).
    for row in Affiliate.select().where(Affiliate.code.is_null()):
        known = KnownOrganization.get_or_none(KnownOrganization.organization_id == row.organization_id)
        Affiliate.update(code=referrals.new_code(), currency=known.currency if known else "CHF").where(
            Affiliate.organization_id == row.organization_id).execute()
    db.create_tables([ReferralSignup, Attribution, Commission, AffiliatePayout])
    # Partial unique indexes, as for cashback: one accrual per invoice, one reversal per credit note.
    db.execute_sql("CREATE UNIQUE INDEX affiliate_commission_accrual ON affiliate_commission (invoice_id) "
                   "WHERE credit_note_id IS NULL")
    db.execute_sql("CREATE UNIQUE INDEX affiliate_commission_reversal ON affiliate_commission "
                   "(invoice_id, credit_note_id) WHERE credit_note_id IS NOT NULL")


def _cashback_once(db):
    # Partial unique indexes (SQLite and PostgreSQL): a NULL credit note would not collide in a plain one.
    db.execute_sql("CREATE UNIQUE INDEX cashback_entry_accrual ON cashback_entry (invoice_line_id) "
                   "WHERE credit_note_id IS NULL")
    db.execute_sql("CREATE UNIQUE INDEX cashback_entry_reversal ON cashback_entry (invoice_line_id, credit_note_id) "
                   "WHERE credit_note_id IS NOT NULL")
    # The monthly run sums one month's entries of a chunk of partners: by month first, so that it
    # reads that month only (the (partner, month) index would have it read most of the table).
    db.execute_sql("CREATE INDEX cashback_entry_month ON cashback_entry (month, partner_organization_id)")


STEPS = [
    (1, "known organizations, outbox", lambda db: db.create_tables([KnownOrganization, OutboxEvent, ProcessedEvent])),
    (2, "revoked credentials (ID12)", lambda db: db.create_tables([RevokedCredential])),
    (3, "revocation expiries as timestamps", lambda db: epoch_to_datetime(db, "revoked_credentials", "expires_at")),
    (4, "applications, partners, affiliates, links, stop requests, assignments, link warnings (issue 11)",
     lambda db: db.create_tables([Application, Partner, Affiliate, Link, StopRequest, Assignment, LinkWarning])),
    (5, "scheduled runs, outbound messages, idempotency records",
     lambda db: db.create_tables([ScheduledRun, OutboundMessage, IdempotencyRecord])),
    (6, "one pending or approved application per organization (PA1)", _one_open_application),
    (7, "at most one pending or active link per partner and client (PA4)", _one_open_link_per_pair),
    (8, "partner money: product and invoice facts, volume contributions, standings, cashback, webhooks (issue 12)",
     lambda db: db.create_tables([ProductFact, VolumeContribution, Standing, InvoiceFact, CashbackEntry,
                                  CashbackStatement, WebhookSubscription, WebhookDelivery])),
    (9, "threshold (PA2): the link states the managed volume follows, the rate card version of a standing",
     _threshold),
    (10, "cashback: one accrual per invoice line, one reversal per line and credit note, entries by month (PA11)",
     _cashback_once),
    (11, "webhook retries from the first attempt, sender leases, replays, the attempts' log (PX6)",
     _webhook_retries),
    (12, "partner reach: the directory's profiles and tender preferences (PA12, PA13)",
     lambda db: db.create_tables([Profile])),
    (13, "directory: the profiles' full-text index (FTS5 on SQLite, tsvector and GIN on PostgreSQL) (PA12)",
     lambda db: directory_search.install(db)),
    (14, "calls for tenders: tenders, deliveries, answers, awards, abuse limits (PA13)",
     lambda db: db.create_tables([Tender, TenderDelivery, TenderAnswer, TenderAward, TenderLimit])),
    (15, "affiliates: code and currency, sign-up referrals, attributions, commissions, payouts (PA15)", _affiliates),
]
