"""PA11: the monthly `cashback-statements` run issues one statement per partner and month exactly
once: repeated, on two runners at once, killed inside and after a chunk and restarted."""
import os
import subprocess
import sys
import threading
import uuid
from datetime import datetime

import pytest

from services.common import migrations
from services.partner import app as partner_app
from services.partner.migrations import STEPS
from services.partner.models import CashbackEntry, CashbackStatement, db
from services.partner.periodic import SCHEDULE
from tests.conftest import service_config

from .partner_cashback_support import configure, events, standing

APRIL = datetime(2027, 4, 1, 3)


@pytest.fixture
def partner_config(tmp_path, databases):
    config = service_config(partner_app, tmp_path, databases, "partner")
    database = migrations.bind_and_migrate(db, config, STEPS)
    configure(config)
    yield config
    database.close()


def accrued(partners, per_partner=3):
    for partner in partners:
        standing(partner)
        for n in range(per_partner):
            CashbackEntry.create(partner_organization_id=partner, client_organization_id=uuid.uuid4(),
                                 invoice_id=uuid.uuid4(), invoice_line_id=uuid.uuid4(), month="2027-03",
                                 family="hosting", condition="full-client-pays", currency="CHF", public_minor=10000,
                                 partner_minor=9000, amount_minor=1000 + n)


def child(config, failpoints="", **env):
    settings = {**os.environ, "DATABASE_URL": config["DATABASE_URL"], "VAR_DIR": config["VAR_DIR"],
                "FAILPOINTS": failpoints, **env}
    return subprocess.run([sys.executable, "-m", "tests.service.partner_run_child", APRIL.isoformat(), "run",
                           "cashback-statements"], env=settings, capture_output=True, text=True)


def statements():
    return sorted((str(s.partner_organization_id), s.month, s.amount_minor) for s in CashbackStatement.select())


def test_pa11_a_statement_run_killed_inside_and_after_a_chunk_issues_each_statement_once(partner_config):
    partners = [uuid.uuid4() for _ in range(12)]
    accrued(partners)
    # Chunks of 5: killed before the first chunk commits (nothing of it stays), then after a
    # committed chunk; a live claim is skipped; the next runner finishes the rest.
    for failpoint in ("cashback.before_commit", "run.after_chunk"):
        killed = child(partner_config, failpoint, RUN_LEASE_SECONDS="0", RUN_CHUNK="5")
        assert killed.returncode == 86, killed.stderr
    assert len(statements()) == 5
    assert "skipped" in child(partner_config, RUN_CHUNK="5").stderr
    done = child(partner_config, RUN_LEASE_SECONDS="0", RUN_CHUNK="5")
    assert done.returncode == 0, done.stderr
    assert '"total": 7' in done.stdout and '"changed": 7' in done.stdout
    assert statements() == sorted((str(p), "2027-03", 3003) for p in partners)
    assert sorted(e["partner_organization_id"] for e in events("partner.cashback.statement_issued")) == sorted(
        str(p) for p in partners)
    assert "skipped" in child(partner_config, RUN_LEASE_SECONDS="0").stderr  # the month is done


def test_pa11_two_runners_on_the_same_chunk_issue_each_statement_once(partner_config, clock):
    partners = [uuid.uuid4() for _ in range(8)]
    accrued(partners)
    clock.set(APRIL)
    changed = []
    runners = [threading.Thread(target=lambda: changed.append(
        SCHEDULE.runs["cashback-statements"].apply_many(partners, clock.utcnow()))) for _ in range(2)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    db.close()
    assert sorted(changed) == [0, 8]
    assert statements() == sorted((str(p), "2027-03", 3003) for p in partners)
    assert len(events("partner.cashback.statement_issued")) == 8
    assert SCHEDULE.runs["cashback-statements"].apply_many(partners, clock.utcnow()) == 0  # a redo: nothing
