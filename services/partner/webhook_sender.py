"""PX6: the webhook sender, a thread of partner's worker beside the mail sender: it sends the
pending deliveries once their transaction has committed, on the shared clock.

Each delivery is claimed with a lease (one conditional UPDATE that only one sender wins), its
endpoint checked again (webhook_guard: resolved now, every address public) and POSTed to the
checked address with no transaction open. A 2xx answer delivers it; anything else (an error
status, no answer within WEBHOOKS_TIMEOUT seconds, a refused address) is tried again after
1 min, 5 min, 30 min, 2 h, 6 h, then every 12 h, the last try exactly 24 h after the first;
then the delivery is `failed`. Redirects are not followed. Every try is logged (WebhookAttempt).

Signature (docs/partner.md, "Webhooks"): `Webhook-Signature: t=<unix seconds>,v1=<hex
HMAC-SHA256(secret, "<t>.<body>")>`; `Webhook-Id` is the delivery's id (the same on every
try: receivers drop copies by it), `Webhook-Event` its kind.
"""
import hashlib
import hmac
import http.client
import json
import logging
import os
import socket
import ssl
import time
from datetime import timedelta

import peewee

from services.common import clock
from services.common.clock import utcnow
from services.common.sender import Poller

from . import webhook_guard
from .models import WebhookAttempt, WebhookDelivery, WebhookSubscription

log = logging.getLogger(__name__)

RETRY_DELAYS = (60, 300, 1800, 7200, 21600, 43200)  # seconds after the 1st, 2nd... failed try
RETRY_WINDOW = timedelta(hours=24)
USER_AGENT = "partner-portal-webhooks/1"


def settings_from_environment():
    return {"WEBHOOKS_ALLOW_PRIVATE": os.environ.get("WEBHOOKS_ALLOW_PRIVATE", "") in ("1", "true"),
            "WEBHOOKS_TIMEOUT": int(os.environ.get("WEBHOOKS_TIMEOUT", "5")),  # whole seconds
            "WEBHOOKS_POLL_SECONDS": int(os.environ.get("WEBHOOKS_POLL_SECONDS", "1")),
            "WEBHOOKS_BATCH": int(os.environ.get("WEBHOOKS_BATCH", "20")),
            "WEBHOOKS_LEASE_SECONDS": int(os.environ.get("WEBHOOKS_LEASE_SECONDS", "120"))}


def signature(secret, timestamp, body):
    """The Webhook-Signature header's value for `body` (bytes) sent at `timestamp` (unix seconds)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _offsets():
    """Seconds after the first try at which the next tries fall: 1 min, 6 min, 36 min, 2 h 36,
    8 h 36, 20 h 36 (each pause longer than the one before), then 24 h exactly, the last."""
    found, at, end = [], 0, RETRY_WINDOW.total_seconds()
    for delay in RETRY_DELAYS:
        at += delay
        if at >= end:
            break
        found.append(at)
    return tuple(found) + (end,)


RETRY_OFFSETS = _offsets()


def next_attempt(first_at, now):
    """When to try again after a failed try at `now`, the first try at `first_at`; None: give up.
    Anchored on the first try, so a sender that was stopped a while does not stretch the 24 h."""
    elapsed = (now - first_at).total_seconds()
    later = [offset for offset in RETRY_OFFSETS if offset > elapsed]
    return first_at + timedelta(seconds=later[0]) if later else None


class WebhookSender(Poller):
    def __init__(self, config, database, resolve=socket.getaddrinfo):
        super().__init__(database, config["WEBHOOKS_POLL_SECONDS"], "webhook sender")
        self.config, self.resolve = config, resolve

    def _round(self):
        now = utcnow()
        free = WebhookDelivery.claimed_until.is_null() | (WebhookDelivery.claimed_until < now)
        due = list(WebhookDelivery.select().join(WebhookSubscription).where(
            (WebhookDelivery.status == "pending") & (WebhookDelivery.next_attempt_at <= now) & free
            & WebhookSubscription.active & WebhookSubscription.removed_at.is_null())
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(self.config["WEBHOOKS_BATCH"]))
        return sum(self._attempt(delivery) for delivery in due)

    def _attempt(self, delivery):
        now = utcnow()
        free = WebhookDelivery.claimed_until.is_null() | (WebhookDelivery.claimed_until < now)
        won = WebhookDelivery.update(
            claimed_until=now + timedelta(seconds=self.config["WEBHOOKS_LEASE_SECONDS"]),
            attempts=WebhookDelivery.attempts + 1,
            first_attempt_at=peewee.fn.COALESCE(WebhookDelivery.first_attempt_at, now)).where(
            (WebhookDelivery.id == delivery.id) & (WebhookDelivery.status == "pending") & free).execute()
        if won != 1:
            return 0  # another sender has it
        delivery = WebhookDelivery.get_by_id(delivery.id)
        subscription = delivery.subscription
        status, error, address, started = None, None, None, time.monotonic()
        try:
            target = webhook_guard.check(subscription.url, self.config["WEBHOOKS_ALLOW_PRIVATE"], self.resolve)
            address = target.addresses[0]
            status = self._post(target, address, subscription.secret, delivery)
        except webhook_guard.UnsafeEndpoint as exc:
            error = f"refused: {exc}"
        except Exception as exc:  # noqa: BLE001 - whatever stops a try is that try's failure, retried
            error = f"{type(exc).__name__}: {exc}"
        self._record(delivery, status, error, address, int((time.monotonic() - started) * 1000))
        return 1

    def _post(self, target, address, secret, delivery):
        body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
                   "Webhook-Id": str(delivery.id), "Webhook-Event": delivery.event_type,
                   "Webhook-Signature": signature(secret, int(clock.now().timestamp()), body)}
        connection = _connection(target, address, self.config["WEBHOOKS_TIMEOUT"])
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            response = connection.getresponse()
            response.read(4096)  # not kept: only the status counts
            return response.status
        finally:
            connection.close()

    def _record(self, delivery, status, error, address, duration_ms):
        now = utcnow()
        ok = status is not None and 200 <= status < 300
        if not ok and error is None:
            error = f"HTTP {status}"
        changes = {"claimed_until": None, "last_status": status, "last_error": error and error[:300]}
        if ok:
            changes.update(status="delivered", delivered_at=now, next_attempt_at=None)
        else:
            retry_at = next_attempt(delivery.first_attempt_at, now)
            changes.update(status="pending" if retry_at else "failed", next_attempt_at=retry_at)
        with self.database.atomic():
            WebhookAttempt.create(delivery=delivery.id, number=delivery.attempts, attempted_at=now, address=address,
                                  status=status, error=error and error[:300], duration_ms=duration_ms)
            # A replay meanwhile starts anew: this try is logged, the delivery left as the replay set it.
            WebhookDelivery.update(**changes).where((WebhookDelivery.id == delivery.id)
                                                    & (WebhookDelivery.replays == delivery.replays)).execute()
        if not ok:
            log.warning("webhook not delivered", extra={"delivery_id": str(delivery.id), "error": error,
                                                        "retry_at": str(changes["next_attempt_at"])})


def _connection(target, address, timeout):
    """A connection to the checked `address`, speaking to `target.host` (TLS name, Host header)."""
    if target.scheme == "https":
        return _PinnedHTTPS(target.host, target.port, address, timeout)
    return _PinnedHTTP(target.host, target.port, address, timeout)


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
