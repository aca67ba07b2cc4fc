"""Calls for tenders (PA13): posting (a visitor, verified by a mailed link, or a client organization),
delivery to exactly the matching partners (tender_matching.py) in the transaction that opens the
tender, the partners' inbox and answers, the poster's accept and withdraw, the award and its
confirmation into a real link request (links.request_link), staff removal, and the deadlines run.

Secrets (the verification token, the poster key) are mailed, never stored: their sha256 is. Whom to
mail is asked of orgs before each transaction. A tender is read by a partner only through its
TenderDelivery row, by its poster through the poster key (visitor) or the organization (client):
any other caller gets 404."""
import hashlib
import secrets
from datetime import timedelta

import peewee

from services.common import clock, paging
from services.common.contacts import legal_representatives
from services.common.errors import Conflict, NotFound, RuleViolation
from services.common.runs import Run

from . import links, tender_limits, tender_mails
from .models import Partner, Profile, Tender, TenderAnswer, TenderAward, TenderDelivery, db
from .tender_matching import matching_partners

VERIFY_FOR = timedelta(hours=48)
MIN_DAYS, MAX_DAYS = 1, 180  # a deadline 1 to 180 days ahead
STATUSES = ("unverified", "open", "awarded", "withdrawn", "closed", "removed")
REACHING = ("open", "awarded", "withdrawn", "closed")  # what a partner's inbox lists (never unverified, removed)


def digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def status_at(tender, now):
    """PA13: an open tender past its deadline is closed at once, before the daily run writes it."""
    if tender.status == "open" and tender.deadline < now.date():
        return "closed"
    return tender.status


def is_open(tender, now):
    return status_at(tender, now) == "open"


def _checked_deadline(deadline, now):
    today = now.date()
    if not today + timedelta(days=MIN_DAYS) <= deadline <= today + timedelta(days=MAX_DAYS):
        raise RuleViolation("PA13", f"A call for tenders' deadline is {MIN_DAYS} to {MAX_DAYS} days ahead.")
    return deadline


def _fields(body):
    budget = body["budget"]
    return {"title": body["title"], "needs": body["needs"], "products": sorted(set(body["products"])),
            "speciality": body["speciality"], "budget_min_minor": budget["min"].minor,
            "budget_max_minor": budget["max"].minor, "currency": budget["currency"], "region": body["region"],
            "language": body["language"], "deadline": body["deadline"]}


# -- Posting ---------------------------------------------------------------------------------------

def post_as_visitor(config, portal, body, ip):
    """A visitor's tender: unverified until the mailed link (valid 48 h) is opened."""
    tender_limits.take(config, body["email"], ip)
    now = clock.utcnow()
    _checked_deadline(body["deadline"], now)
    token = secrets.token_urlsafe(32)
    with db.atomic():
        tender = Tender.create(**_fields(body), status="unverified", poster_kind="visitor",
                               poster_email=body["email"].lower(), poster_name=body["name"],
                               verification_hash=digest(token), verification_expires_at=now + VERIFY_FOR,
                               created_at=now)
        tender_mails.verify(tender, f"{portal}/tenders/verify/{token}")
    return tender


def verify(config, orgs, portal, token, ip):
    """The visitor's link opened: the tender opens and is delivered; the poster key is mailed (and
    returned once, to the page that verified)."""
    tender = Tender.get_or_none(Tender.verification_hash == digest(token))
    tender_limits.take(config, tender.poster_email if tender else None, ip)
    if tender is None:
        raise NotFound("No call for tenders waits for this confirmation.")
    now = clock.utcnow()
    if tender.status != "unverified":
        raise Conflict("This call for tenders is already confirmed.")
    if now >= tender.verification_expires_at:
        raise RuleViolation("PA13", "This confirmation link expired (48 hours); post the call again.")
    if tender.deadline <= now.date():
        raise RuleViolation("PA13", "This call for tenders' deadline has passed; post it again.")
    key = secrets.token_urlsafe(32)
    tender = _open(orgs, portal, tender, now, key_hash=digest(key),
                   then=lambda t: tender_mails.poster_key(t, f"{portal}/tenders/{t.id}?key={key}"))
    tender.key = key
    return tender


def post_as_client(access, orgs, portal, account_id, organization_id, body):
    """A client organization's tender (a manager of it: `partner.manage`): open and delivered at once.
    The person is logged in, so their email is verified (identity logs in no unverified account)."""
    access.require(account_id, "partner.manage", organization_id)
    now = clock.utcnow()
    _checked_deadline(body["deadline"], now)
    with db.atomic():
        tender = Tender.create(**_fields(body), status="unverified", poster_kind="client",
                               poster_organization_id=organization_id, posted_by=account_id, created_at=now)
    return _open(orgs, portal, tender, now)


def _open(orgs, portal, tender, now, key_hash=None, then=None):
    """Open `tender` and deliver it to the matching partners in one transaction, mailing each one's
    legal representatives (asked of orgs first; a partner matching only by the time of the
    transaction gets the delivery without the mail)."""
    asked = _receivers(tender)
    people = {org: legal_representatives(orgs, org) for org in asked}
    with db.atomic():
        opened = (Tender.update(status="open", opened_at=now, key_hash=key_hash)
                  .where((Tender.id == tender.id) & (Tender.status == "unverified")).execute())
        if not opened:
            raise Conflict("This call for tenders is already confirmed.")
        tender = Tender.get_by_id(tender.id)
        for org in _receivers(tender):
            TenderDelivery.create(tender=tender.id, partner_organization_id=org, delivered_at=now)
            tender_mails.delivered(people.get(org, []), tender, f"{portal}/partner/tenders/{tender.id}")
        if then:
            then(tender)
    return tender


def _receivers(tender):
    own = str(tender.poster_organization_id) if tender.poster_organization_id else None
    return [org for org in matching_partners(tender) if str(org) != own]


# -- The poster ------------------------------------------------------------------------------------

def by_key(tender_id, key):
    """The visitor's tender for its poster key, else 404 (no key, a wrong key, another tender)."""
    tender = Tender.get_or_none((Tender.id == tender_id) & (Tender.poster_kind == "visitor")
                                & (Tender.key_hash == digest(key or "")))
    if tender is None or not key:
        raise NotFound("No such call for tenders.")
    return tender


def by_organization(access, account_id, organization_id, tender_id):
    access.require(account_id, "partner.manage", organization_id)
    tender = Tender.get_or_none((Tender.id == tender_id) & (Tender.poster_organization_id == organization_id))
    if tender is None:
        raise NotFound("The organization has no such call for tenders.")
    return tender


def organization_tenders(access, account_id, organization_id, status, cursor, limit):
    access.require(account_id, "partner.manage", organization_id)
    query = _with_status(Tender.select().where(Tender.poster_organization_id == organization_id), status)
    return paging.page(query, Tender.created_at, Tender.id, cursor, limit)


def answers_of(tender):
    """The answers with their partner's name and directory slug, oldest first."""
    rows = list(TenderAnswer.select().where(TenderAnswer.tender == tender.id)
                .order_by(TenderAnswer.created_at, TenderAnswer.id))
    orgs = [row.partner_organization_id for row in rows]
    names = {p.organization_id: p.name for p in Partner.select().where(Partner.organization_id.in_(orgs))} \
        if orgs else {}
    profiles = {p.organization_id: p for p in Profile.select().where(Profile.organization_id.in_(orgs))} \
        if orgs else {}
    for row in rows:
        profile = profiles.get(row.partner_organization_id)
        row.partner_name = profile.name if profile else names.get(row.partner_organization_id, "")
        row.partner_slug = profile.slug if profile else None
    return rows


def award_of(tender):
    return TenderAward.get_or_none(TenderAward.tender == tender.id)


def for_poster(tender):
    tender.answers = answers_of(tender)
    tender.award = award_of(tender)
    return tender


def accept(orgs, portal, tender, answer_id):
    """PA13: the poster accepts one answer (once): the tender is awarded, a pre-filled link request
    (an award) goes to that partner, the other answering partners are told."""
    now = clock.utcnow()
    answer = TenderAnswer.get_or_none((TenderAnswer.id == answer_id) & (TenderAnswer.tender == tender.id))
    if answer is None:
        raise NotFound("This call for tenders has no such answer.")
    if tender.status == "awarded":
        raise Conflict("This call for tenders is already awarded.")
    if not is_open(tender, now):
        raise RuleViolation("PA13", f"Only an open call for tenders can be awarded; this one is "
                                    f"{status_at(tender, now)}.")
    others = [row.partner_organization_id for row in TenderAnswer.select().where(
        (TenderAnswer.tender == tender.id) & (TenderAnswer.id != answer.id))]
    winner = legal_representatives(orgs, answer.partner_organization_id)
    losers = [person for org in others for person in legal_representatives(orgs, org)]
    with db.atomic():
        awarded = (Tender.update(status="awarded", awarded_at=now)
                   .where((Tender.id == tender.id) & (Tender.status == "open")).execute())
        if not awarded:
            raise Conflict("This call for tenders is no longer open.")
        TenderAward.create(tender=tender.id, answer=answer.id, partner_organization_id=answer.partner_organization_id,
                           products=tender.products, client_organization_id=tender.poster_organization_id,
                           client_email=tender.poster_email, created_at=now)
        tender = Tender.get_by_id(tender.id)
        tender_mails.awarded(winner, tender, f"{portal}/partner/tenders/{tender.id}")
        tender_mails.not_awarded(losers, tender)
    return for_poster(tender)


def withdraw(tender):
    """PA13: the poster withdraws an open call; partners can no longer answer."""
    now = clock.utcnow()
    if not is_open(tender, now):
        raise RuleViolation("PA13", f"Only an open call for tenders can be withdrawn; this one is "
                                    f"{status_at(tender, now)}.")
    with db.atomic():
        done = (Tender.update(status="withdrawn", withdrawn_at=now)
                .where((Tender.id == tender.id) & (Tender.status == "open")).execute())
        if not done:
            raise RuleViolation("PA13", "Only an open call for tenders can be withdrawn.")
    return for_poster(Tender.get_by_id(tender.id))


# -- The partners ----------------------------------------------------------------------------------

def _with_status(query, status):
    today = clock.utcnow().date()
    if status == "open":
        return query.where((Tender.status == "open") & (Tender.deadline >= today))
    if status == "closed":
        return query.where((Tender.status == "closed") | ((Tender.status == "open") & (Tender.deadline < today)))
    return query.where(Tender.status == status) if status else query


def inbox(access, account_id, partner_org, status, cursor, limit):
    """The tenders delivered to the partner, newest first (never a removed one)."""
    access.require(account_id, "partner.manage", partner_org)
    query = (Tender.select().join(TenderDelivery, on=(TenderDelivery.tender == Tender.id))
             .where((TenderDelivery.partner_organization_id == partner_org) & Tender.status.in_(REACHING)))
    result = paging.page(_with_status(query, status), Tender.created_at, Tender.id, cursor, limit)
    _mark_answered(result["items"], partner_org)
    return result


def _mark_answered(tenders, partner_org):
    ids = [t.id for t in tenders]
    answered = {row.tender_id for row in TenderAnswer.select(TenderAnswer.tender).where(
        (TenderAnswer.partner_organization_id == partner_org) & TenderAnswer.tender.in_(ids))} if ids else set()
    for tender in tenders:
        tender.answered = tender.id in answered


def delivered(partner_org, tender_id):
    """The tender as delivered to the partner, else 404 (never delivered, or removed)."""
    tender = (Tender.select().join(TenderDelivery, on=(TenderDelivery.tender == Tender.id))
              .where((Tender.id == tender_id) & (TenderDelivery.partner_organization_id == partner_org)
                     & Tender.status.in_(REACHING)).first())
    if tender is None:
        raise NotFound("The partner has no such call for tenders.")
    return tender


def partner_tender(access, account_id, partner_org, tender_id):
    access.require(account_id, "partner.manage", partner_org)
    tender = delivered(partner_org, tender_id)
    tender.answer = TenderAnswer.get_or_none((TenderAnswer.tender == tender.id)
                                             & (TenderAnswer.partner_organization_id == partner_org))
    tender.answered = tender.answer is not None
    award = award_of(tender)
    tender.awarded_to_me = award is not None and str(award.partner_organization_id) == str(partner_org)
    return tender


def answer(access, account_id, partner_org, tender_id, body):
    """PA13: one answer per partner and tender (409), only while the tender is open."""
    access.require(account_id, "partner.manage", partner_org)
    tender = delivered(partner_org, tender_id)
    now = clock.utcnow()
    if not is_open(tender, now):
        raise RuleViolation("PA13", f"Only an open call for tenders can be answered; this one is "
                                    f"{status_at(tender, now)}.")
    price = body["price"]
    try:
        with db.atomic():
            if TenderAnswer.select().where((TenderAnswer.tender == tender.id)
                                           & (TenderAnswer.partner_organization_id == partner_org)).exists():
                raise Conflict("The partner already answered this call for tenders.")
            created = TenderAnswer.create(tender=tender.id, partner_organization_id=partner_org,
                                       message=body["message"], price_min_minor=price["min"].minor,
                                       price_max_minor=price["max"].minor, currency=price["currency"],
                                       answered_by=account_id, created_at=now)
    except peewee.IntegrityError:
        raise Conflict("The partner already answered this call for tenders.") from None
    return next(row for row in answers_of(tender) if row.id == created.id)


def partner_award(access, account_id, partner_org, tender_id):
    access.require(account_id, "partner.manage", partner_org)
    award = TenderAward.get_or_none((TenderAward.tender == tender_id)
                                    & (TenderAward.partner_organization_id == partner_org))
    if award is None or award.tender.status == "removed":
        raise NotFound("The partner won no such call for tenders.")
    return award


def confirm_award(access, orgs, account_id, partner_org, tender_id, body):
    """PA13: the winner confirms it uses only the provider's products for this contract; the real
    partner-initiated link request is then made by links.request_link (its own checks: a legal
    representative of an approved partner, one open link per pair) and returned."""
    award = partner_award(access, account_id, partner_org, tender_id)
    if body.get("provider_products_only") is not True:
        raise RuleViolation("PA13", "A partner that wins a call for tenders uses only the provider's products "
                                    "for that contract: confirm provider_products_only.")
    if award.link_id is not None:
        raise Conflict("This award was already confirmed.", link_id=str(award.link_id))
    request = {"scope": {"scope": "full", "billing": False}, "payer": "client"}
    if award.client_organization_id:
        link = links.request_link(access, orgs, account_id, partner_org,
                                  {**request, "client": {"organization_id": str(award.client_organization_id)}})
    else:
        try:
            link = links.request_link(access, orgs, account_id, partner_org,
                                      {**request, "client": {"email": award.client_email}})
        except NotFound:  # a visitor without an organization: PA4's new client organization, invited
            link = links.request_link(access, orgs, account_id, partner_org,
                                      {**request, "client": {"new_organization": _visitor_organization(award)}})
    with db.atomic():
        (TenderAward.update(provider_products_only=True, confirmed_by=account_id, confirmed_at=clock.utcnow(),
                            link_id=link.id)
         .where((TenderAward.id == award.id) & TenderAward.link_id.is_null()).execute())
    return link


def _visitor_organization(award):
    """The new client organization of a visitor who won a partner and has no organization yet: a
    personal one in the poster's name and the tender's currency, its legal representative invited by
    the verified email in the tender's language (PA4)."""
    tender = Tender.get_by_id(award.tender_id)
    first, _, last = (tender.poster_name or award.client_email).strip().partition(" ")
    return {"name": (tender.poster_name or award.client_email)[:100], "kind": "individual",
            "currency": tender.currency,
            "legal_representative": {"email": award.client_email, "first_name": first[:100] or "-",
                                     "last_name": last.strip()[:100] or "-", "language": tender.language}}


# -- Staff -----------------------------------------------------------------------------------------

def staff_tenders(status, cursor, limit):
    return paging.page(_with_status(Tender.select(), status), Tender.created_at, Tender.id, cursor, limit)


def remove(account_id, tender_id, reason):
    """Staff remove an abusive call: `removed`, gone from every inbox; answers and awards stop."""
    now = clock.utcnow()
    with db.atomic():
        tender = Tender.get_or_none(Tender.id == tender_id)
        if tender is None:
            raise NotFound("No such call for tenders.")
        if tender.status == "removed":
            raise Conflict("This call for tenders is already removed.")
        (Tender.update(status="removed", removed_at=now, removed_by=account_id, removal_reason=reason)
         .where(Tender.id == tender.id).execute())
    return Tender.get_by_id(tender_id)


# -- The daily run ---------------------------------------------------------------------------------

def past_deadline(now):
    return [row.id for row in Tender.select(Tender.id).where(
        (Tender.status == "open") & (Tender.deadline < now.date())).order_by(Tender.deadline, Tender.id)]


def close(tender_id, now):
    with db.atomic():
        return bool(Tender.update(status="closed", closed_at=now).where(
            (Tender.id == tender_id) & (Tender.status == "open") & (Tender.deadline < now.date())).execute())


RUNS = [Run("tender-deadlines", "day", past_deadline, close),  # PA13: an open tender past its deadline closes
        Run("tender-limits-purge", "day", lambda now: [now.date().isoformat()],
            lambda item, now: bool(tender_limits.purge(now)))]  # the counts of days gone by
