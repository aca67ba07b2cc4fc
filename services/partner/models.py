"""Partner's tables. Bound to its own database at start-up (`app.init_database`).

Issue 11 (applications, client links, staff assignments, time-bound links) has all its tables
here; each use-case module owns the rows it writes (see docs/partner.md). Instants are naive
UTC from the shared clock (services/common/clock.py)."""
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


class KnownOrganization(Base):
    """Partner's copy of an organization: who may apply (PA1) and who can be linked (PA4)."""

    organization_id = peewee.UUIDField(primary_key=True)
    name = peewee.CharField(max_length=100)
    kind = peewee.CharField(max_length=20)
    currency = peewee.CharField(max_length=3)
    recorded_at = peewee.DateTimeField(default=utcnow)


class Application(Base):
    """PA1: an organization's application to the reseller programme, pending until staff review it."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    organization_id = peewee.UUIDField(index=True)
    legal_name = peewee.CharField(max_length=200)
    register_country = peewee.CharField(max_length=2)  # ISO 3166-1 alpha-2
    register_kind = peewee.CharField(max_length=10)  # uid | siret | foreign
    register_number = peewee.CharField(max_length=40)  # normalised (CHE-123.456.789, 14 digits, ...)
    manual_review = peewee.BooleanField(default=False)  # a foreign number: staff check it (PA1)
    website = peewee.CharField(max_length=300)
    website_reachable = peewee.BooleanField(null=True)  # the adapter's answer; None: not checked
    website_status = peewee.CharField(max_length=200, null=True)  # what the check saw
    website_checked_at = peewee.DateTimeField(null=True)
    conditions_version = peewee.CharField(max_length=20)
    conditions_accepted_at = peewee.DateTimeField()
    applied_by = peewee.UUIDField()
    status = peewee.CharField(max_length=10, default="pending", index=True)  # pending | approved | rejected
    reason = peewee.TextField(null=True)  # staff's reason (required to reject)
    reviewed_by = peewee.UUIDField(null=True)
    reviewed_at = peewee.DateTimeField(null=True)
    created_at = peewee.DateTimeField(default=utcnow, index=True)


class Partner(Base):
    """An approved partner (PA1): what clients search by (PA5) and what links require.
    `status` ends when staff withdraw the approval (issue 13's directory reads it too)."""

    organization_id = peewee.UUIDField(primary_key=True)
    application = peewee.ForeignKeyField(Application, null=True)
    name = peewee.CharField(max_length=200, index=True)
    currency = peewee.CharField(max_length=3)
    contact_emails = JSONField(default=list)  # lower-cased legal representatives' emails, for PA5's search
    status = peewee.CharField(max_length=10, default="approved")  # approved | ended
    approved_at = peewee.DateTimeField(default=utcnow)


class Affiliate(Base):
    """PA3/PA15: an organization in the affiliate programme (issue 13 adds the rest); while a row
    is active the organization cannot apply as a partner."""

    organization_id = peewee.UUIDField(primary_key=True)
    status = peewee.CharField(max_length=10, default="active")  # active | ended
    joined_at = peewee.DateTimeField(default=utcnow)
    # Issue 13, step 15 (affiliates.py): the referral code, the currency commissions are kept in
    # (the organization's), who joined it and when it left.
    code = peewee.CharField(max_length=8, null=True, unique=True)
    currency = peewee.CharField(max_length=3, null=True)
    joined_by = peewee.UUIDField(null=True)
    ended_at = peewee.DateTimeField(null=True)

    @property
    def id(self):  # services/common/paging.py pages by `id`
        return self.organization_id


class Link(Base):
    """PA4-PA8, PA10, PX1: one partner-client relationship, from request to its end.

    status: pending (asked, waiting for the other side) | active | declined | withdrawn |
    expired (the request, after 30 days) | stopped (PA10) | ended (PX1, its end date passed).
    At most one pending or active link per (partner, client) pair (the service checks it in the
    transaction). `version` counts every change: the events carry it so that consumers keep
    the newest state whatever order they arrive in."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    partner_organization_id = peewee.UUIDField(index=True)
    client_organization_id = peewee.UUIDField(index=True)
    status = peewee.CharField(max_length=10, default="pending", index=True)
    initiated_by = peewee.CharField(max_length=10)  # partner | client
    created_client = peewee.BooleanField(default=False)  # PA4: the partner created the client organization
    invited_email = peewee.CharField(max_length=254, null=True)  # the legal representative asked (PA4)
    requested = JSONField()  # the scope asked: {"scope", "products", "billing", "payer"}
    scope = peewee.CharField(max_length=10, null=True)  # limited | full, once active
    products = JSONField(null=True)  # {product_id: {"technical": bool, "statistics": bool}} (limited)
    billing = peewee.BooleanField(default=False)  # billing entrusted (full access only, PA5)
    payer = peewee.CharField(max_length=10, default="client")  # client | partner (PA8; limited: client)
    ends_at = peewee.DateTimeField(null=True)  # PX1: the stored end; access stops by it even without a run
    auto_extend = peewee.BooleanField(default=False)  # PX1: extended by 180 days when it ends
    version = peewee.IntegerField(default=1)
    requested_by = peewee.UUIDField()
    requested_at = peewee.DateTimeField(default=utcnow)
    request_expires_at = peewee.DateTimeField(null=True)  # PA4: 30 days after the last (re)send
    resent_at = peewee.DateTimeField(null=True)
    approved_by = peewee.UUIDField(null=True)
    approved_at = peewee.DateTimeField(null=True)
    closed_by = peewee.UUIDField(null=True)  # who declined, withdrew or stopped it
    closed_side = peewee.CharField(max_length=10, null=True)  # partner | client | system
    closed_at = peewee.DateTimeField(null=True)
    updated_at = peewee.DateTimeField(default=utcnow)


class StopRequest(Base):
    """PA10's first confirmation: a short-lived token the second step presents with the password."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    link = peewee.ForeignKeyField(Link, on_delete="CASCADE")
    side = peewee.CharField(max_length=10)  # partner | client
    account_id = peewee.UUIDField()
    token_hash = peewee.CharField(max_length=64, unique=True)  # sha256 of the token; the token is never stored
    expires_at = peewee.DateTimeField()
    used_at = peewee.DateTimeField(null=True)


class Assignment(Base):
    """PA7: which partner user manages which client, optionally only some products
    (`products` None: everything the link grants). Never more than the link grants: orgs'
    access check intersects both."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    link = peewee.ForeignKeyField(Link, on_delete="CASCADE")
    partner_organization_id = peewee.UUIDField(index=True)
    client_organization_id = peewee.UUIDField()
    account_id = peewee.UUIDField(index=True)
    products = JSONField(null=True)  # [product_id, ...] or None
    active = peewee.BooleanField(default=True)
    version = peewee.IntegerField(default=1)
    assigned_by = peewee.UUIDField()
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("link", "account_id"), True),)


class LinkWarning(Base):
    """PX1: a warning sent 30, 7 or 1 days before a link's end, once per end date."""

    link = peewee.ForeignKeyField(Link, on_delete="CASCADE")
    ends_at = peewee.DateTimeField()
    days = peewee.IntegerField()
    sent_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("link", "ends_at", "days"), True),)


# -- Partner money (issue 12): PA2 threshold, PA11 benefits and cashback, PX4, PX6 ------------------
# Projections of billing's events (products, invoices) and the figures kept from them. Each
# module owns the rows it writes: products.py/volume.py/threshold.py (ProductFact,
# VolumeContribution, Standing), cashback.py (InvoiceFact, CashbackEntry, CashbackStatement),
# webhooks.py (WebhookSubscription, WebhookDelivery). docs/partner.md, "Partner money".


class ProductFact(Base):
    """What partner knows of one billed product (billing.product.* events), at its latest
    event: where it lives, its family, status, expiry and its annualised net public price in
    its own currency (PA2). `event_at` orders the events: an older one changes nothing."""

    product_id = peewee.UUIDField(primary_key=True)
    organization_id = peewee.UUIDField(index=True)  # the client organization it lives in
    product_type = peewee.CharField(max_length=63)
    family = peewee.CharField(max_length=20)
    status = peewee.CharField(max_length=20)  # active suspended terminated cancelled
    currency = peewee.CharField(max_length=3)
    price_minor = peewee.BigIntegerField()  # one period's net public price
    period_months = peewee.IntegerField()
    annual_minor = peewee.BigIntegerField()  # price × 12 / period_months, rounded once (pricing.ROUNDING)
    expires_on = peewee.DateField(index=True)
    event_at = peewee.DateTimeField()  # occurred_at of the event applied last
    updated_at = peewee.DateTimeField(default=utcnow)
    annual = money_property("annual_minor")


class VolumeContribution(Base):
    """PA2: what one active product adds to one partner's managed volume, converted to the
    partner's currency at the configured rate (the rate recorded). The partner's volume is
    the sum of its rows; `Standing.volume_minor` keeps that sum, moved by the same deltas."""

    partner_organization_id = peewee.UUIDField()
    product_id = peewee.UUIDField(index=True)
    client_organization_id = peewee.UUIDField(index=True)
    amount_minor = peewee.BigIntegerField()  # in the partner's currency
    conversion = JSONField(null=True)  # services/common/exchange.Conversion.record(), when converted
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "volume_contribution"
        primary_key = peewee.CompositeKey("partner_organization_id", "product_id")


class Standing(Base):
    """One partner's PA2 figure and threshold status, and the PA11 benefits that follow:
    status eligible | warning | grace | lapsed, since when, the grace end, its tier and rates
    as last published (partner.threshold.changed / partner.benefits.changed, `version`)."""

    partner_organization_id = peewee.UUIDField(primary_key=True)
    currency = peewee.CharField(max_length=3)
    volume_minor = peewee.BigIntegerField(default=0)
    status = peewee.CharField(max_length=10, default="lapsed")
    since = peewee.DateTimeField(default=utcnow)
    grace_ends_at = peewee.DateTimeField(null=True)
    tier = peewee.CharField(max_length=31, null=True)
    benefits_active = peewee.BooleanField(default=False)
    version = peewee.IntegerField(default=0)
    evaluated_at = peewee.DateTimeField(default=utcnow)  # the last monthly full re-evaluation
    ratecard_version = peewee.CharField(max_length=40, null=True)  # of the benefits last published (step 9)
    volume = money_property("volume_minor")


class ManagedLink(Base):
    """PA2: partner's own `partner.link.*` events as volume.py last applied them: the link state
    of the highest `version` (an older or repeated event changes nothing). Which of a client's
    products a partner manages is read from here, the same way by every event and the monthly
    re-evaluation (threshold step 9)."""

    link_id = peewee.UUIDField(primary_key=True)
    version = peewee.IntegerField()
    partner_organization_id = peewee.UUIDField(index=True)
    client_organization_id = peewee.UUIDField(index=True)
    status = peewee.CharField(max_length=10)
    scope = peewee.CharField(max_length=10, null=True)
    products = JSONField(null=True)  # limited scope: {product_id: rights}
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "managed_link"


class InvoiceFact(Base):
    """What partner knows of one billing invoice (billing.invoice.issued, .paid): who was
    invoiced, who ordered, its lines with their PA11 facts, and when it was paid."""

    invoice_id = peewee.UUIDField(primary_key=True)
    organization_id = peewee.UUIDField(index=True)  # the organization invoiced (the payer)
    number = peewee.CharField(max_length=30)
    currency = peewee.CharField(max_length=3)
    total_minor = peewee.BigIntegerField()
    issued_at = peewee.DateTimeField()
    due_on = peewee.DateField(index=True)
    ordered_by = JSONField(null=True)  # {account_id, via_kind, via_id}
    lines = JSONField()  # billing's InvoiceLineFacts, as received
    client_organization_ids = JSONField(default=list)  # the organizations whose products it covers
    paid_at = peewee.DateTimeField(null=True)
    total = money_property("total_minor")


class CashbackEntry(Base):
    """PA11: cashback accrued on one paid invoice line for one partner, or reversed by one
    credit note line (negative). Unique per (line, credit note): a redelivered event adds
    nothing. `month` (YYYY-MM) is when it was paid or credited: the statement it goes to."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    partner_organization_id = peewee.UUIDField()
    client_organization_id = peewee.UUIDField()
    link_id = peewee.UUIDField(null=True)
    invoice_id = peewee.UUIDField(index=True)
    invoice_line_id = peewee.UUIDField()
    credit_note_id = peewee.UUIDField(null=True)  # None: the accrual; else the reversal
    month = peewee.CharField(max_length=7)
    family = peewee.CharField(max_length=20, null=True)
    condition = peewee.CharField(max_length=40)  # which PA11 case earned it, e.g. full-client-pays
    currency = peewee.CharField(max_length=3)  # the partner's
    public_minor = peewee.BigIntegerField()
    partner_minor = peewee.BigIntegerField()
    amount_minor = peewee.BigIntegerField()  # public - partner (accrual, >= 0) or its reversal (<= 0)
    rate = peewee.CharField(max_length=10, null=True)  # the percentage used; None: a catalogue price
    ratecard_version = peewee.CharField(max_length=40, null=True)
    conversion = JSONField(null=True)
    statement_id = peewee.UUIDField(null=True, index=True)
    created_at = peewee.DateTimeField(default=utcnow)
    amount = money_property("amount_minor")

    class Meta:
        table_name = "cashback_entry"
        indexes = ((("partner_organization_id", "month"), False),)


class CashbackStatement(Base):
    """PA11: one partner's cashback for one calendar month, issued once (unique partner and
    month) by the monthly run and credited once by billing (`credited_at`)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    partner_organization_id = peewee.UUIDField()
    month = peewee.CharField(max_length=7)
    currency = peewee.CharField(max_length=3)
    earned_minor = peewee.BigIntegerField()
    reversed_minor = peewee.BigIntegerField()
    carried_minor = peewee.BigIntegerField(default=0)
    amount_minor = peewee.BigIntegerField()
    entries = peewee.IntegerField()
    status = peewee.CharField(max_length=10, default="issued")  # issued | credited
    issued_at = peewee.DateTimeField(default=utcnow)
    credited_at = peewee.DateTimeField(null=True)
    prepaid_entry_id = peewee.UUIDField(null=True)
    amount = money_property("amount_minor")

    class Meta:
        table_name = "cashback_statement"
        indexes = ((("partner_organization_id", "month"), True),)


class WebhookSubscription(Base):
    """PX6: a partner's HTTPS endpoint and the event kinds it receives, signed with `secret`."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    partner_organization_id = peewee.UUIDField(index=True)
    url = peewee.CharField(max_length=500)
    events = JSONField()  # ["link.approved", ...]
    secret = peewee.CharField(max_length=100)  # HMAC-SHA256 key, shown once at creation
    description = peewee.CharField(max_length=200, default="")
    active = peewee.BooleanField(default=True)
    created_by = peewee.UUIDField()
    created_at = peewee.DateTimeField(default=utcnow)
    removed_at = peewee.DateTimeField(null=True)


class WebhookDelivery(Base):
    """PX6: one event for one subscription: attempts with growing delays for 24 h, recorded;
    unique per (subscription, event): an event delivered to a subscription is queued once."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    subscription = peewee.ForeignKeyField(WebhookSubscription, on_delete="CASCADE")
    event_id = peewee.UUIDField()
    event_type = peewee.CharField(max_length=60)
    payload = JSONField()  # the body sent (JSON), the same on every attempt
    status = peewee.CharField(max_length=12, default="pending", index=True)  # pending delivered failed
    attempts = peewee.IntegerField(default=0)
    next_attempt_at = peewee.DateTimeField(null=True, index=True)
    last_status = peewee.IntegerField(null=True)  # HTTP status of the last attempt
    last_error = peewee.CharField(max_length=300, null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    delivered_at = peewee.DateTimeField(null=True)
    # Step 11 (webhooks.py, webhook_sender.py): the 24 h of retries count from `first_attempt_at`
    # (a replay starts them again); a sender holds the row until `claimed_until` (lease).
    first_attempt_at = peewee.DateTimeField(null=True)
    claimed_until = peewee.DateTimeField(null=True)
    replays = peewee.IntegerField(default=0)

    class Meta:
        table_name = "webhook_delivery"
        indexes = ((("subscription", "event_id"), True),)


class WebhookAttempt(Base):
    """PX6: one try of a delivery, for the delivery log: when, the answer's HTTP status or the
    error, and how long it took (step 11)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    delivery = peewee.ForeignKeyField(WebhookDelivery, on_delete="CASCADE", index=True)
    number = peewee.IntegerField()  # 1, 2, ... counted over replays too
    attempted_at = peewee.DateTimeField()
    address = peewee.CharField(max_length=45, null=True)  # the checked address connected to
    status = peewee.IntegerField(null=True)
    error = peewee.CharField(max_length=300, null=True)
    duration_ms = peewee.IntegerField(default=0)

    class Meta:
        table_name = "webhook_attempt"


# -- Partner reach (issue 13): PA12 directory, PA13 calls for tenders, PA15 affiliates ----------------
# The vocabularies (regions, languages, specialities) are in reach.py. Each module owns the rows it
# writes: directory.py (Profile and its full-text index, step 13), tenders.py (step 14),
# affiliates.py (step 15). docs/partner.md, "Partner reach".


class Profile(Base):
    """PA12/PA13: an approved partner's public profile and its tender preferences, one per partner.
    Listed in the directory while `published` and the partner's approval lasts (Partner.status
    "approved"); it receives calls for tenders while `tenders_opt_in` and the approval lasts,
    whether or not it is published. `descriptions` holds the short description per language
    ({"en": "...", "fr": "..."}, at least one). `slug` is the clean URL (/directory/<slug>)."""

    organization_id = peewee.UUIDField(primary_key=True)
    slug = peewee.CharField(max_length=80, unique=True)
    name = peewee.CharField(max_length=200)
    city = peewee.CharField(max_length=100)
    region = peewee.CharField(max_length=10)  # reach.ALL_REGIONS: where the partner is
    country = peewee.CharField(max_length=2)  # reach.COUNTRIES, the region's country
    languages = JSONField()  # subset of reach.PROFILE_LANGUAGES, at least one
    specialities = JSONField()  # subset of reach.SPECIALITIES, at least one
    website = peewee.CharField(max_length=300, null=True)
    descriptions = JSONField()  # {language: text (at most 500 characters)}
    logo = peewee.BlobField(null=True)  # PNG or JPEG, at most 200 kB
    logo_type = peewee.CharField(max_length=20, null=True)  # image/png | image/jpeg
    published = peewee.BooleanField(default=False, index=True)
    tenders_opt_in = peewee.BooleanField(default=False)
    regions_served = JSONField(default=list)  # region or country codes (PA13 matching); [] = its own region
    version = peewee.IntegerField(default=1)
    created_at = peewee.DateTimeField(default=utcnow)
    updated_at = peewee.DateTimeField(default=utcnow)
    published_at = peewee.DateTimeField(null=True)



# -- Calls for tenders (PA13, step 14): tenders.py, tender_matching.py, tender_limits.py ------------


class Tender(Base):
    """PA13: a call for tenders, posted by a visitor (`poster_kind` visitor: email and name, verified
    by a mailed link, managed with a poster key) or by a client organization (`poster_organization_id`).
    status: unverified | open | awarded | withdrawn | closed (its deadline passed) | removed (staff).
    An open tender past its deadline reads as closed at once (tender_rules.status_at); the daily
    run `tender-deadlines` writes it. Amounts in minor units of `currency`."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    title = peewee.CharField(max_length=120)
    needs = peewee.TextField()
    products = JSONField()  # pricing.FAMILIES
    speciality = peewee.CharField(max_length=20)
    budget_min_minor = peewee.BigIntegerField()
    budget_max_minor = peewee.BigIntegerField()
    currency = peewee.CharField(max_length=3)
    region = peewee.CharField(max_length=10, index=True)
    language = peewee.CharField(max_length=2)
    deadline = peewee.DateField(index=True)
    status = peewee.CharField(max_length=12, default="unverified", index=True)
    poster_kind = peewee.CharField(max_length=10)  # visitor | client
    poster_email = peewee.CharField(max_length=254, null=True)  # lower-cased (visitor)
    poster_name = peewee.CharField(max_length=200, null=True)
    poster_organization_id = peewee.UUIDField(null=True, index=True)  # client
    posted_by = peewee.UUIDField(null=True)  # the client's account
    key_hash = peewee.CharField(max_length=64, null=True, unique=True)  # sha256 of the poster key
    verification_hash = peewee.CharField(max_length=64, null=True, unique=True)  # sha256 of the token
    verification_expires_at = peewee.DateTimeField(null=True)
    created_at = peewee.DateTimeField(default=utcnow, index=True)
    opened_at = peewee.DateTimeField(null=True)
    awarded_at = peewee.DateTimeField(null=True)
    withdrawn_at = peewee.DateTimeField(null=True)
    closed_at = peewee.DateTimeField(null=True)
    removed_at = peewee.DateTimeField(null=True)
    removed_by = peewee.UUIDField(null=True)
    removal_reason = peewee.CharField(max_length=500, null=True)


class TenderDelivery(Base):
    """PA13: the tender reached this partner (it matched when the tender opened); a partner reads a
    tender only through its delivery row."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    tender = peewee.ForeignKeyField(Tender, on_delete="CASCADE")
    partner_organization_id = peewee.UUIDField(index=True)
    delivered_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "tender_delivery"
        indexes = ((("tender", "partner_organization_id"), True),)


class TenderAnswer(Base):
    """PA13: one partner's answer to one tender (unique per tender and partner)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    tender = peewee.ForeignKeyField(Tender, on_delete="CASCADE")
    partner_organization_id = peewee.UUIDField(index=True)
    message = peewee.TextField()
    price_min_minor = peewee.BigIntegerField()
    price_max_minor = peewee.BigIntegerField()
    currency = peewee.CharField(max_length=3)
    answered_by = peewee.UUIDField()
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "tender_answer"
        indexes = ((("tender", "partner_organization_id"), True),)


class TenderAward(Base):
    """PA13: the poster accepted this answer: a pre-filled link request for its partner (products, the
    client organization or the visitor's email), which the partner confirms with
    `provider_products_only` (who and when recorded) into a real link request (`link_id`)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    tender = peewee.ForeignKeyField(Tender, on_delete="CASCADE", unique=True)
    answer = peewee.ForeignKeyField(TenderAnswer, on_delete="CASCADE")
    partner_organization_id = peewee.UUIDField(index=True)
    products = JSONField()
    client_organization_id = peewee.UUIDField(null=True)
    client_email = peewee.CharField(max_length=254, null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    provider_products_only = peewee.BooleanField(default=False)
    confirmed_by = peewee.UUIDField(null=True)
    confirmed_at = peewee.DateTimeField(null=True)
    link_id = peewee.UUIDField(null=True)

    class Meta:
        table_name = "tender_award"


class TenderLimit(Base):
    """PA13's abuse limits: how many postings and verifications one email or one IP address made in
    one day (`window`, YYYY-MM-DD); `key` is the sha256 of "email:..." or "ip:..."."""

    key = peewee.CharField(max_length=64)
    window = peewee.CharField(max_length=10)
    count = peewee.IntegerField(default=0)

    class Meta:
        table_name = "tender_limit"
        primary_key = peewee.CompositeKey("key", "window")
# -- affiliates (PA15, PA3): affiliates.py, attribution.py, affiliate_runs.py (step 15) --------------


class ReferralSignup(Base):
    """PA15: the two halves of a sign-up's referral, whichever comes first: identity's
    account.registered brings the code, orgs' organization.created the account's organization
    (its legal representative). Both known: the organization is attributed (attribution.py)."""

    account_id = peewee.UUIDField(primary_key=True)
    code = peewee.CharField(max_length=8, null=True)
    registered_at = peewee.DateTimeField(null=True)
    organization_id = peewee.UUIDField(null=True)
    created_at = peewee.DateTimeField(default=utcnow)


class Attribution(Base):
    """PA15: a referred organization and the affiliate it is attributed to, first referral wins
    (unique per referred organization), for 365 days (`expires_at`)."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    affiliate_organization_id = peewee.UUIDField(index=True)
    referred_organization_id = peewee.UUIDField(unique=True)
    source = peewee.CharField(max_length=10)  # signup | order
    reference = peewee.CharField(max_length=64, null=True)  # the account that signed up, or the invoice
    referred_at = peewee.DateTimeField()
    expires_at = peewee.DateTimeField()


class Commission(Base):
    """PA15: an affiliate's commission on one paid invoice (positive, one per invoice) or its
    reversal by one credit note (negative, one per invoice and credit note). `net_minor` is the
    invoice's net (accrual) or the credited net (reversal), in `invoice_currency`; `amount_minor`
    is in the affiliate's currency. `payout_id` is set when a monthly payout took it."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    affiliate_organization_id = peewee.UUIDField()
    referred_organization_id = peewee.UUIDField(index=True)
    invoice_id = peewee.UUIDField(index=True)
    credit_note_id = peewee.UUIDField(null=True)  # None: the accrual; else the reversal
    invoice_currency = peewee.CharField(max_length=3)
    net_minor = peewee.BigIntegerField()
    currency = peewee.CharField(max_length=3)
    amount_minor = peewee.BigIntegerField()
    rate = peewee.CharField(max_length=10)  # the percentage used
    conversion = JSONField(null=True)  # services/common/exchange.Conversion.record(), when converted
    month = peewee.CharField(max_length=7)  # when it was paid or credited (YYYY-MM)
    payout_id = peewee.UUIDField(null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    amount = money_property("amount_minor")

    class Meta:
        table_name = "affiliate_commission"
        indexes = ((("affiliate_organization_id", "payout_id", "month"), False),)


class AffiliatePayout(Base):
    """PA15: one affiliate's payout of one month (unique), issued by the monthly run when its
    unpaid balance reached 50 in its currency, paid once billing credited its prepaid account."""

    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    affiliate_organization_id = peewee.UUIDField()
    month = peewee.CharField(max_length=7)
    currency = peewee.CharField(max_length=3)
    earned_minor = peewee.BigIntegerField()
    reversed_minor = peewee.BigIntegerField()
    amount_minor = peewee.BigIntegerField()
    entries = peewee.IntegerField()
    status = peewee.CharField(max_length=10, default="issued")  # issued | paid
    issued_at = peewee.DateTimeField(default=utcnow)
    paid_at = peewee.DateTimeField(null=True)
    prepaid_entry_id = peewee.UUIDField(null=True)
    amount = money_property("amount_minor")

    class Meta:
        table_name = "affiliate_payout"
        indexes = ((("affiliate_organization_id", "month"), True),)

# directory (PA12): the full-text index's rows, step 13 (directory.py, directory_search.py)
class ProfileSearch(Base):
    """The text of a profile the directory searches (name; descriptions joined), kept in step by
    directory.py. Its integer id is the row id of SQLite's FTS5 index; on PostgreSQL step 13 adds a
    generated `document tsvector` column with a GIN index (directory_search.py)."""

    id = peewee.AutoField()
    organization_id = peewee.UUIDField(unique=True)
    name = peewee.TextField()
    body = peewee.TextField()

    class Meta:
        table_name = "profile_search"

OutboxEvent, ProcessedEvent = event_tables(db)
RevokedCredential = revocation_table(db)  # identity's revoked sessions and tokens (ID12)
outbox = Outbox(OutboxEvent, "partner", PRODUCED)
ScheduledRun = run_table(db)  # services/common/runs.py
OutboundMessage = message_table(db)
messages = Messages(OutboundMessage)  # mail, sent by the worker after commit
IdempotencyRecord = idempotency_table(db)
