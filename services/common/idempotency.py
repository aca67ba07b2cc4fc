"""Idempotency-Key for the POSTs that create something, in every service.

A client sends `Idempotency-Key: <up to 200 visible ASCII characters>` with a creating POST.
The first request claims the key for its caller: a row inserted in a transaction of its own,
the unique (caller, key) index letting exactly one claimant win. It runs, and its status,
body and headers are stored. For `ttl` (24 h) another request by the same caller and key:

- same method, path and body (JSON compared parsed, so spacing and key order do not count):
  gets the stored status and body byte for byte, without running again;
- while the first one still runs: waits for its answer, polling, up to `wait_seconds`, then
  is told 409 with Retry-After (documented; only when the first runs that long);
- another method, path or body: a 422 problem, and nothing runs.

Answers below 500 are kept, problems included (a replayed 422 is the same 422). A 5xx or an
unexpected error releases the claim, so the client may try again with the same key. A claim
whose runner died (its row older than `lease_seconds` with no answer) is taken over.

Framework-free: `services.common.web.idempotent` binds it to Flask views; a service makes
its table with `idempotency_table(db)` and puts an `Idempotency` in app.extensions.
"""
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import timedelta

import peewee

from . import clock
from .db import JSONField

HEADER = "Idempotency-Key"
KEY_PATTERN = r"^[\x21-\x7e]{1,200}$"  # visible ASCII, as the header's own grammar allows
POLL_MS = 50
KEPT_HEADERS = ("Content-Type", "Location")
OPENAPI_PARAMETER = {
    "in": "header", "name": HEADER, "required": False,
    "description": "A key of the client's choosing: a repeat within 24 h by the same caller gets the "
                   "first answer (status and body) without running again; the same key with another body "
                   "is a 422; a repeat while the first still runs waits for its answer (409 with "
                   "Retry-After only if that takes longer than IDEMPOTENCY_WAIT_SECONDS).",
    "schema": {"type": "string", "pattern": KEY_PATTERN},
}


def idempotency_table(proxy):
    """The `idempotency_record` model of one service, bound to its database proxy."""

    class IdempotencyRecord(peewee.Model):
        """An answered POST under its Idempotency-Key, replayed for 24 h to the same caller."""

        key = peewee.CharField(max_length=200)
        caller = peewee.CharField(max_length=200)  # the token's subject
        method = peewee.CharField(max_length=10)
        path = peewee.CharField(max_length=500)
        request_hash = peewee.CharField(max_length=64)
        status = peewee.IntegerField(null=True)  # null while the first request runs
        body = peewee.BlobField(null=True)
        headers = JSONField(null=True)
        created_at = peewee.DateTimeField(default=clock.utcnow, index=True)

        class Meta:
            database = proxy
            table_name = "idempotency_record"
            indexes = ((("caller", "key"), True),)

    return IdempotencyRecord


def fingerprint(method, path, body):
    """What makes two requests the same request: method, path and body."""
    try:
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:  # not JSON (or not UTF-8): the bytes themselves
        pass
    return hashlib.sha256(f"{method} {path}\n".encode() + body).hexdigest()


@dataclass(frozen=True)
class Outcome:
    kind: str  # run | replay | mismatch | busy
    record_id: int = None
    status: int = None
    body: bytes = b""
    headers: dict = None


class Idempotency:
    def __init__(self, model, ttl_hours=24, wait_seconds=30, lease_seconds=60):
        self.model = model
        self.ttl, self.lease = timedelta(hours=ttl_hours), timedelta(seconds=lease_seconds)
        self.wait_seconds = wait_seconds

    @classmethod
    def from_config(cls, model, config):
        return cls(model, wait_seconds=config["IDEMPOTENCY_WAIT_SECONDS"],
                   lease_seconds=config["IDEMPOTENCY_LEASE_SECONDS"])

    def claim(self, caller, key, method, path, digest):
        """What to do with this request: run it (the key is now ours), replay an answer,
        refuse it (mismatch), or tell the client to come back (busy)."""
        model, deadline = self.model, time.monotonic() + self.wait_seconds
        while True:
            now = clock.utcnow()
            record = model.get_or_none((model.caller == caller) & (model.key == key))
            stale = record is not None and (record.created_at <= now - self.ttl or (
                record.status is None and record.created_at <= now - self.lease))
            if record is None or stale:
                taken = self._take(record, caller, key, method, path, digest, now)
                if taken is not None:
                    return Outcome("run", record_id=taken)
                continue  # another request took it first: look again
            if record.request_hash != digest:
                return Outcome("mismatch")
            if record.status is not None:
                return Outcome("replay", status=record.status, body=bytes(record.body or b""),
                               headers=record.headers or {})
            if time.monotonic() >= deadline:
                return Outcome("busy")
            time.sleep(POLL_MS / 1000)

    def _take(self, record, caller, key, method, path, digest, now):
        model = self.model
        fields = {"method": method, "path": path[:500], "request_hash": digest, "status": None, "body": None,
                  "headers": None, "created_at": now}
        if record is None:
            try:
                with model._meta.database.atomic():
                    return model.create(caller=caller, key=key, **fields).id
            except peewee.IntegrityError:
                return None
        taken = model.update(**fields).where((model.id == record.id)
                                             & (model.created_at == record.created_at)).execute()
        return record.id if taken == 1 else None

    def finish(self, record_id, status, body, headers):
        """Keep the answer (below 500) for replays, or release the key (5xx) for a retry."""
        model = self.model
        if status >= 500:
            model.delete().where((model.id == record_id) & model.status.is_null()).execute()
            return
        kept = {name: value for name, value in headers.items() if name in KEPT_HEADERS}
        model.update(status=status, body=body, headers=kept).where(model.id == record_id).execute()

    def purge(self, now=None):
        """Delete the records older than the replay window; returns how many."""
        cutoff = (now or clock.utcnow()) - self.ttl
        return self.model.delete().where(self.model.created_at < cutoff).execute()


def purge_run(model, ttl_hours=24, name="purge-idempotency"):
    """A daily scheduled run deleting the records past the replay window, one by one under
    that condition (a redo or a second runner deletes nothing twice)."""
    from .runs import Run

    window = timedelta(hours=ttl_hours)

    def expired(now):
        return [row.id for row in model.select(model.id).where(model.created_at < now - window)]

    def purge(record_id, now):
        return model.delete().where((model.id == record_id) & (model.created_at < now - window)).execute() == 1

    return Run(name, "day", expired, purge)
