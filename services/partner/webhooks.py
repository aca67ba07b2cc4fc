"""PX6: a partner's webhook subscriptions, the fan-out of its own events into deliveries, the
delivery log and replay. The sender (webhook_sender.py, a thread of partner's worker) sends the
deliveries after commit; webhook_guard.py decides which endpoints may receive them.

Only the subscription's own partner's events reach it: an event is matched on its
`partner_organization_id`. Who may: the partner's managers (`partner.manage`: administrators
and legal representatives) write and read; the provider's staff read. Another partner's ids: 404.
"""
import secrets

from services.common.clock import utcnow
from services.common.errors import NotFound, RuleViolation
from services.common import paging

from . import webhook_guard
from .events import WEBHOOK_SOURCES
from .models import Partner, WebhookAttempt, WebhookDelivery, WebhookSubscription, db

# The kinds a partner subscribes to: the events they come from (partner's own, billing's) less
# the producer's name, e.g. `link.approved` from partner.link.approved.
SOURCES = {event_type: event_type.split(".", 1)[1] for event_type in WEBHOOK_SOURCES}
KINDS = tuple(SOURCES.values())
MAX_SUBSCRIPTIONS = 10  # per partner: each event is sent once per subscription


class Caller:
    """Who asks: an account, and whether its token is a staff one (staff read, never write)."""

    def __init__(self, account_id, staff=False):
        self.account_id, self.staff = account_id, staff


def _authorize(access, caller, partner_org, write=False):
    if caller.staff and not write:
        return
    access.require(caller.account_id, "partner.manage", partner_org)


def _guard(url, config):
    try:
        return webhook_guard.check(url, config["WEBHOOKS_ALLOW_PRIVATE"])
    except webhook_guard.UnsafeEndpoint as error:
        raise RuleViolation("PX6", f"This endpoint cannot receive webhooks: {error}.", field="url") from None


# -- subscriptions --------------------------------------------------------------------------------
def create(access, caller, config, partner_org, body):
    """A new subscription, with its signing secret (shown in this answer only)."""
    _authorize(access, caller, partner_org, write=True)
    if not Partner.select().where((Partner.organization_id == partner_org) & (Partner.status == "approved")).exists():
        raise RuleViolation("PX6", "Only an approved partner subscribes to webhooks.")
    _guard(body["url"], config)  # before any row: resolving is a network call
    with db.atomic():
        if _live(partner_org).count() >= MAX_SUBSCRIPTIONS:
            raise RuleViolation("PX6", f"A partner has at most {MAX_SUBSCRIPTIONS} webhook subscriptions.")
        subscription = WebhookSubscription.create(
            partner_organization_id=partner_org, url=body["url"], events=sorted(set(body["events"])),
            secret="whsec_" + secrets.token_urlsafe(32), description=body.get("description", ""),
            active=body.get("active", True), created_by=caller.account_id)
    subscription.shown_secret = subscription.secret
    return subscription


def listing(access, caller, partner_org):
    _authorize(access, caller, partner_org)
    return {"items": list(_live(partner_org).order_by(WebhookSubscription.created_at, WebhookSubscription.id))}


def read(access, caller, partner_org, subscription_id):
    _authorize(access, caller, partner_org)
    return _subscription(partner_org, subscription_id)


def change(access, caller, config, partner_org, subscription_id, body):
    """Another URL (checked again), kinds, description, or paused (`active` false) / resumed."""
    _authorize(access, caller, partner_org, write=True)
    if "url" in body:
        _guard(body["url"], config)
    with db.atomic():
        subscription = _subscription(partner_org, subscription_id)
        for name in ("url", "description", "active"):
            if name in body:
                setattr(subscription, name, body[name])
        if "events" in body:
            subscription.events = sorted(set(body["events"]))
        subscription.save()
    return subscription


def remove(access, caller, partner_org, subscription_id):
    """Removed for good: it receives nothing more, its pending deliveries are not sent."""
    _authorize(access, caller, partner_org, write=True)
    with db.atomic():
        subscription = _subscription(partner_org, subscription_id)
        subscription.active, subscription.removed_at = False, utcnow()
        subscription.save()
        WebhookDelivery.update(status="failed", next_attempt_at=None, last_error="subscription removed").where(
            (WebhookDelivery.subscription == subscription.id) & (WebhookDelivery.status == "pending")).execute()


def _live(partner_org):
    return WebhookSubscription.select().where((WebhookSubscription.partner_organization_id == partner_org)
                                              & WebhookSubscription.removed_at.is_null())


def _subscription(partner_org, subscription_id):
    found = _live(partner_org).where(WebhookSubscription.id == subscription_id).first()
    if found is None:
        raise NotFound("The partner has no such webhook subscription.")
    return found


# -- deliveries -----------------------------------------------------------------------------------
def fan_out(event_type, envelope):
    """One pending delivery per active subscription of the event's partner that wants its kind,
    in the consumer's transaction; a redelivered event adds none (unique subscription and event)."""
    kind = SOURCES[event_type]
    partner_org = envelope["data"]["partner_organization_id"]
    body = {"id": str(envelope["id"]), "type": kind, "occurred_at": _iso(envelope["occurred_at"]),
            "data": envelope["data"]}
    now = utcnow()
    wanted = [s for s in _live(partner_org).where(WebhookSubscription.active) if kind in s.events]
    rows = [{"subscription": s.id, "event_id": envelope["id"], "event_type": kind, "payload": body,
             "next_attempt_at": now, "created_at": now} for s in wanted]
    if rows:
        WebhookDelivery.insert_many(rows).on_conflict_ignore().execute()
    return len(rows)


def deliveries(access, caller, partner_org, subscription_id, status=None, cursor=None, limit=50):
    """The delivery log, newest first, each with its attempts."""
    _authorize(access, caller, partner_org)
    subscription = _subscription(partner_org, subscription_id)
    query = WebhookDelivery.select().where(WebhookDelivery.subscription == subscription.id)
    if status:
        query = query.where(WebhookDelivery.status == status)
    found = paging.page(query, WebhookDelivery.created_at, WebhookDelivery.id, cursor, limit)
    _with_attempts(found["items"])
    return found


def replay(access, caller, partner_org, subscription_id, delivery_id):
    """Send the delivery again now, with 24 h of retries from this attempt (same id and body)."""
    _authorize(access, caller, partner_org, write=True)
    with db.atomic():
        subscription = _subscription(partner_org, subscription_id)
        if not subscription.active:
            raise RuleViolation("PX6", "The subscription is paused: resume it before replaying.")
        delivery = WebhookDelivery.get_or_none((WebhookDelivery.id == delivery_id)
                                               & (WebhookDelivery.subscription == subscription.id))
        if delivery is None:
            raise NotFound("The subscription has no such delivery.")
        WebhookDelivery.update(status="pending", next_attempt_at=utcnow(), first_attempt_at=None,
                               claimed_until=None, replays=WebhookDelivery.replays + 1).where(
            WebhookDelivery.id == delivery.id).execute()
    delivery = WebhookDelivery.get_by_id(delivery.id)
    _with_attempts([delivery])
    return delivery


def _with_attempts(items):
    ids = [item.id for item in items]
    attempts = {}
    for attempt in WebhookAttempt.select().where(WebhookAttempt.delivery.in_(ids)).order_by(WebhookAttempt.number):
        attempts.setdefault(attempt.delivery_id, []).append(attempt)
    for item in items:
        item.attempt_log = attempts.get(item.id, [])


def _iso(moment):
    return moment if isinstance(moment, str) else moment.isoformat()
