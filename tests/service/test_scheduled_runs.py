"""Scheduled runs (services/common/runs.py) shown on orgs' invitation expiry (OR4): once per
period key, whoever starts it, however many at once, and after a crash half-way."""
import dataclasses
import json
import os
import subprocess
import sys
import threading
import uuid
from datetime import datetime, timedelta

import pytest

from services.common import migrations
from services.common.db import for_update
from services.common.runs import execute
from services.orgs.migrations import STEPS
from services.orgs.models import Invitation, Organization, OutboxEvent, ScheduledRun, db, outbox
from services.orgs.periodic import SCHEDULE, invitations_past_expiry

DAY = datetime(2026, 4, 1, 6, 0)
CONFIG = {"RUN_LEASE_SECONDS": 60, "FAILPOINTS": "", "RUN_SCHEDULE_POLL_SECONDS": 0}
RUN = SCHEDULE.runs["expire-invitations"]


@pytest.fixture
def orgs_db(databases):
    url = databases.url("orgs")
    database = migrations.bind_and_migrate(db, {"DATABASE_URL": url, "SERVICE_NAME": "orgs"}, STEPS)
    yield url
    database.close()


def invitations(count, expires_at):
    org = Organization.create(name="Alpine Web", kind="company", currency="CHF")
    for n in range(count):
        Invitation.create(organization=org, email=f"p{n}@example.ch", role="collaborator", invited_by=uuid.uuid4(),
                          expires_at=expires_at)


def expired_events():
    return [json.loads(e.envelope)["data"]["email"] for e in OutboxEvent.select().where(
        OutboxEvent.type == "orgs.invitation.expired")]


def test_or4_invitations_past_expiry_are_marked_once_and_a_repeat_for_the_key_does_nothing(orgs_db, clock):
    clock.set(DAY)
    invitations(3, DAY + timedelta(days=7))
    assert execute(CONFIG, ScheduledRun, RUN, "2026-04-01") == {"total": 0, "changed": 0, "unchanged": 0}
    clock.advance(days=7)
    assert execute(CONFIG, ScheduledRun, RUN, "2026-04-08") == {"total": 3, "changed": 3, "unchanged": 0}
    assert execute(CONFIG, ScheduledRun, RUN, "2026-04-08") is None
    assert {i.status for i in Invitation.select()} == {"expired"} and len(expired_events()) == 3


def test_or4_two_runners_at_once_expire_each_invitation_once(orgs_db, clock):
    clock.set(DAY)
    invitations(20, DAY - timedelta(seconds=1))
    results = []
    runners = [threading.Thread(target=lambda: results.append(execute(CONFIG, ScheduledRun, RUN, "2026-04-01")))
               for _ in range(2)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    assert sorted(results, key=str) == [None, {"total": 20, "changed": 20, "unchanged": 0}]
    assert sorted(expired_events()) == sorted(f"p{n}@example.ch" for n in range(20))


def orgs_command(url, tmp_path, *args, **env):
    settings = {**os.environ, "DATABASE_URL": url, "VAR_DIR": str(tmp_path / "var"), **env}
    return subprocess.run([sys.executable, "-m", "services.orgs", *args], env=settings, capture_output=True, text=True)


def test_or4_a_run_killed_half_way_is_taken_over_and_finishes_the_rest_once(orgs_db, tmp_path):
    invitations(3, datetime(2026, 1, 1))  # long expired by the real clock the processes read
    killed = orgs_command(orgs_db, tmp_path, "run", "expire-invitations", FAILPOINTS="run.after_item")
    assert killed.returncode == 86 and len(expired_events()) == 1
    assert "skipped" in orgs_command(orgs_db, tmp_path, "run", "expire-invitations").stderr  # its lease is live
    resumed = orgs_command(orgs_db, tmp_path, "run", "expire-invitations", RUN_LEASE_SECONDS="0")
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["counts"] == {"total": 2, "changed": 2, "unchanged": 0}
    assert "2/2" in resumed.stderr and len(expired_events()) == 3


def test_the_operator_commands_run_for_a_date_and_list_the_runs(orgs_db, tmp_path):
    invitations(2, datetime(2026, 1, 1))
    done = orgs_command(orgs_db, tmp_path, "run", "expire-invitations", "--at", "2026-03-31")
    assert done.returncode == 0 and json.loads(done.stdout)["key"] == "2026-03-31"
    assert "1/2" in done.stderr and "2/2" in done.stderr
    listed = orgs_command(orgs_db, tmp_path, "runs")
    [row] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert row["name"] == "expire-invitations" and row["counts"]["changed"] == 2 and row["finished_at"]


def test_the_worker_schedule_starts_a_run_when_the_clock_moves_to_a_new_day(orgs_db, clock):
    clock.set(DAY)
    SCHEDULE._last.clear()
    SCHEDULE.tick(CONFIG)
    SCHEDULE.tick(CONFIG)
    invitations_runs = ScheduledRun.select().where(ScheduledRun.name == RUN.name)  # orgs has other daily runs
    assert [r.key for r in invitations_runs] == ["2026-04-01"]
    clock.advance(days=1)
    SCHEDULE.tick(CONFIG)
    assert sorted(r.key for r in invitations_runs.clone()) == ["2026-04-01", "2026-04-02"]


def expire_many(invitation_ids, now):
    """A batch-mode apply for the tests: a chunk in one transaction, the rows locked and re-checked."""
    with db.atomic():
        due = list(for_update(Invitation.select().where(
            Invitation.id.in_(invitation_ids) & (Invitation.status == "pending") & (Invitation.expires_at <= now))
            .order_by(Invitation.id)))
        Invitation.update(status="expired").where(Invitation.id.in_([i.id for i in due])).execute()
        outbox.emit_many("orgs.invitation.expired", [
            {"invitation_id": i.id, "organization_id": i.organization_id, "email": i.email,
             "expires_at": i.expires_at} for i in due])
        if FAIL_IN_CHUNK:
            FAIL_IN_CHUNK.pop()
            raise RuntimeError("killed inside a chunk")
    return len(due)


FAIL_IN_CHUNK = []
BATCH = dataclasses.replace(RUN, name="expire-invitations-in-chunks", apply_many=expire_many, chunk=3)


def test_batch_mode_processes_chunks_once_and_a_restart_after_a_failed_chunk_does_only_the_rest(orgs_db, clock):
    clock.set(DAY)
    invitations(8, DAY - timedelta(seconds=1))
    seen = []
    FAIL_IN_CHUNK.clear()
    original = BATCH.apply_many

    def failing_second_chunk(ids, now):
        if seen:
            FAIL_IN_CHUNK.append(True)
        seen.append(len(ids))
        return original(ids, now)

    with pytest.raises(RuntimeError):
        execute(CONFIG, ScheduledRun, dataclasses.replace(BATCH, apply_many=failing_second_chunk), "2026-04-01")
    assert len(expired_events()) == 3  # the first chunk committed; the failed one left nothing
    assert execute(CONFIG, ScheduledRun, BATCH, "2026-04-01") is None  # its lease is live
    progress = []
    counts = execute({**CONFIG, "RUN_LEASE_SECONDS": 0}, ScheduledRun, BATCH, "2026-04-01",
                     lambda done, total: progress.append((done, total)))
    assert counts == {"total": 5, "changed": 5, "unchanged": 0} and progress == [(3, 5), (5, 5)]
    assert sorted(expired_events()) == sorted(f"p{n}@example.ch" for n in range(8))
    assert {i.status for i in Invitation.select()} == {"expired"}


def test_batch_mode_two_runners_on_the_same_chunk_change_each_item_once(orgs_db, clock):
    clock.set(DAY)
    invitations(20, DAY - timedelta(seconds=1))
    ids = invitations_past_expiry(clock.utcnow())
    changed = []
    runners = [threading.Thread(target=lambda: changed.append(expire_many(ids, clock.utcnow()))) for _ in range(2)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    assert sorted(changed) == [0, 20]
    assert sorted(expired_events()) == sorted(f"p{n}@example.ch" for n in range(20))
