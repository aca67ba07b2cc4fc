"""Scheduled runs: periodic work, started by the worker's schedule or by an operator.

A run has a name, a period ("day" or "month") and two functions: `items(now)`, the ids
still to process, and `apply(item, now)`, which processes one item in its own transaction
under a condition that makes a redo a no-op (True when it changed something). The period key
(`2026-04-01`, `2026-04`) comes from the clock or from `--at DATE`.

Once per key: `scheduled_run` has one row per (name, key), the claim, inserted in its own
transaction; the unique key makes a second runner see it. A finished claim means skip. A
claim whose heartbeat (renewed after every item) is older than RUN_LEASE_SECONDS belongs to a
runner that died: it is taken over (a conditional update, so one of several takers wins) and
the run restarts; since `items` only returns what is left and `apply` is conditional, the
restart finishes the rest without redoing the first part. A live claim means skip.

Batch mode (a run with `apply_many`): the items go in chunks of `chunk`; `apply_many(ids, now)`
processes one chunk in ONE transaction, under the same redo-is-a-no-op conditions (the rows
locked and re-checked), and returns how many it changed; the heartbeat is renewed once per
chunk. A chunk commits whole or not at all, so a kill at any point leaves every item either
done (and skipped by `items` on restart) or untouched. Set-based work for runs that do only
database writes (bench/README.md, "renewals"); a run that calls an outside service per item
(a card charge) keeps the per-item mode, so no charge sits inside a long transaction.
"""
import json
import logging
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

import peewee

from . import clock
from .faults import crash_point

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Run:
    name: str
    period: str  # "day" | "month"
    items: Callable  # items(now) -> ids left to process
    apply: Callable  # apply(item, now) -> True when it changed something
    apply_many: Callable = None  # apply_many(items, now) -> how many it changed, one transaction (batch mode)
    chunk: int = 500  # items per apply_many call

    def key(self, on_date):
        return on_date.isoformat() if self.period == "day" else on_date.strftime("%Y-%m")


def run_table(proxy):
    """The `scheduled_run` model of one service, bound to its database proxy."""

    class ScheduledRun(peewee.Model):
        name = peewee.CharField(max_length=100)
        key = peewee.CharField(max_length=10)
        owner = peewee.CharField(max_length=32)  # the runner holding the claim
        started_at = peewee.DateTimeField()
        heartbeat_at = peewee.DateTimeField()
        finished_at = peewee.DateTimeField(null=True)
        counts = peewee.TextField(default="{}")  # JSON: total, changed, unchanged
        error = peewee.TextField(null=True)

        class Meta:
            database = proxy
            table_name = "scheduled_run"
            indexes = ((("name", "key"), True),)

    return ScheduledRun


def _claim(model, run, key, owner, lease):
    now = clock.utcnow()
    try:
        with model._meta.database.atomic():
            model.create(name=run.name, key=key, owner=owner, started_at=now, heartbeat_at=now)
        return True
    except peewee.IntegrityError:
        pass
    row = model.get((model.name == run.name) & (model.key == key))
    if row.finished_at is not None or row.heartbeat_at > now - lease:
        return False
    taken = model.update(owner=owner, started_at=now, heartbeat_at=now, error=None).where(
        (model.id == row.id) & (model.owner == row.owner) & (model.heartbeat_at == row.heartbeat_at)
        & model.finished_at.is_null()).execute()
    return taken == 1


def execute(config, model, run, key, progress=None):
    """Run `run` for period `key` unless it ran or runs elsewhere; returns its counts or None (skipped)."""
    owner = uuid.uuid4().hex
    if not _claim(model, run, key, owner, timedelta(seconds=config["RUN_LEASE_SECONDS"])):
        log.info("run skipped", extra={"run": run.name, "key": key})
        return None
    mine = (model.name == run.name) & (model.key == key) & (model.owner == owner)
    counts = {"total": 0, "changed": 0, "unchanged": 0}
    try:
        items = list(run.items(clock.utcnow()))
        counts["total"] = len(items)
        if run.apply_many:
            for start in range(0, len(items), run.chunk):
                chunk = items[start:start + run.chunk]
                changed = run.apply_many(chunk, clock.utcnow())
                counts["changed"] += changed
                counts["unchanged"] += len(chunk) - changed
                _heartbeat(model, mine, counts, config, "run.after_chunk", progress, start + len(chunk), len(items))
        else:
            for done, item in enumerate(items, 1):
                counts["changed" if run.apply(item, clock.utcnow()) else "unchanged"] += 1
                _heartbeat(model, mine, counts, config, "run.after_item", progress, done, len(items))
    except Exception as error:
        model.update(error=repr(error), counts=json.dumps(counts)).where(mine).execute()
        log.exception("run failed", extra={"run": run.name, "key": key})
        raise
    model.update(finished_at=clock.utcnow(), counts=json.dumps(counts)).where(mine).execute()
    log.info("run finished", extra={"run": run.name, "key": key, **counts})
    return counts


def _heartbeat(model, mine, counts, config, failpoint, progress, done, total):
    model.update(heartbeat_at=clock.utcnow(), counts=json.dumps(counts)).where(mine).execute()
    crash_point(config, failpoint)
    if progress:
        progress(done, total)


class Schedule:
    """A service's declared runs; `tick()` starts each one whose period key changed."""

    def __init__(self, model, runs):
        self.model, self.runs = model, {run.name: run for run in runs}
        self._last = {}
        self._stop = threading.Event()

    def tick(self, config):
        today = clock.today()
        for run in self.runs.values():
            key = run.key(today)
            if self._last.get(run.name) == key:
                continue
            try:
                # A claim live elsewhere is looked at again next tick: if its runner dies, this one takes over.
                if execute(config, self.model, run, key) is not None or self._finished(run, key):
                    self._last[run.name] = key
            except Exception:  # logged by execute; tried again at the next tick
                pass

    def _finished(self, run, key):
        model = self.model
        return model.select().where((model.name == run.name) & (model.key == key)
                                    & model.finished_at.is_null(False)).exists()

    def run_forever(self, config):
        while not self._stop.is_set():
            self.tick(config)
            self._stop.wait(config["RUN_SCHEDULE_POLL_SECONDS"])

    def stop(self):
        self._stop.set()

    def listing(self):
        model = self.model
        return list(model.select().order_by(model.started_at.desc()))


def command(config, schedule, args):
    """The operator commands `run NAME [--at DATE]` and `runs` (services/common/cli.py)."""
    if args.command == "runs":
        for row in schedule.listing():
            print(json.dumps({"name": row.name, "key": row.key, "started_at": row.started_at.isoformat(),
                              "finished_at": row.finished_at and row.finished_at.isoformat(),
                              "counts": json.loads(row.counts), "error": row.error}))
        return 0
    run = schedule.runs[args.name]
    key = run.key(args.at or clock.today())
    counts = execute(config, schedule.model, run, key,
                     lambda done, total: print(f"{run.name} {key}: {done}/{total}", file=sys.stderr))
    if counts is None:
        print(f"{run.name} {key}: already done or running elsewhere, skipped", file=sys.stderr)
        return 0
    print(json.dumps({"name": run.name, "key": key, "counts": counts}))
    return 0
