"""PA15: the monthly `affiliate-payouts` run pays each affiliate once per month when its unpaid
balance reaches 50 in its currency (below, the balance waits); billing credits the payout to
the prepaid account once and partner marks it paid. Repeated, on two runners at once, killed
inside and after a chunk and restarted: every payout exactly once."""
import os
import subprocess
import sys
import threading
import uuid
from datetime import datetime

from services.billing import service as billing_service
from services.billing.events import CONSUMED as BILLING_CONSUMED
from services.billing import handlers as billing_handlers
from services.billing.models import BillingAccount, PrepaidEntry, db as billing_db
from services.common import migrations
from services.common.events import load_payload
from services.common.referrals import PATTERN
from services.common.runs import execute
from services.partner import app as partner_app
from services.partner.migrations import STEPS
from services.partner.models import Affiliate, AffiliatePayout, Commission, KnownOrganization, ScheduledRun, db
from services.partner.periodic import SCHEDULE
from tests.conftest import service_config

from .partner_cashback_support import CONFIG, back_to_partner, events, systems  # noqa: F401 - systems: a fixture

APRIL = datetime(2027, 4, 1, 3)
MAY = datetime(2027, 5, 1, 3)
NAME = "affiliate-payouts"


def affiliate(currency="CHF"):
    org = uuid.uuid4()
    Affiliate.create(organization_id=org, code=uuid.uuid4().hex[:8].upper(), currency=currency)
    return org


def commission(org, amount_minor, month="2027-03", credit_note=None, currency="CHF"):
    Commission.create(affiliate_organization_id=org, referred_organization_id=uuid.uuid4(), invoice_id=uuid.uuid4(),
                      credit_note_id=credit_note, invoice_currency=currency, net_minor=abs(amount_minor) * 10,
                      currency=currency, amount_minor=amount_minor, rate="10", month=month)


def run(clock, when=APRIL):
    clock.set(when)
    return execute(CONFIG, ScheduledRun, SCHEDULE.runs[NAME], when.strftime("%Y-%m"))


def payouts():
    return sorted((str(p.affiliate_organization_id), p.month, p.amount_minor) for p in AffiliatePayout.select())


def to_billing():
    for data in events("partner.affiliate.payout_issued"):
        loaded = load_payload(BILLING_CONSUMED, "partner.affiliate.payout_issued", data)
        with billing_db.atomic():
            billing_handlers.SUBSCRIPTIONS["partner.affiliate.payout_issued"](loaded, {"id": str(uuid.uuid4())})


def test_pa15_payouts_from_50_once_per_month_credited_once_and_marked_paid(systems, clock):
    rich, poor, negative = affiliate(), affiliate(), affiliate("EUR")
    for org, currency in ((rich, "CHF"), (negative, "EUR")):
        billing_service.open_billing_account(org, currency)
    commission(rich, 40_00)
    commission(rich, 15_00, month="2027-02")
    commission(rich, -3_00, credit_note=uuid.uuid4())
    commission(rich, 99_00, month="2027-04")  # after the month: next time
    commission(poor, 49_99)
    commission(negative, 60_00, currency="EUR")
    commission(negative, -20_00, credit_note=uuid.uuid4(), currency="EUR")
    assert run(clock)["changed"] == 1
    assert payouts() == [(str(rich), "2027-03", 52_00)]
    assert run(clock) is None  # the month is done
    assert SCHEDULE.runs[NAME].apply_many([rich, poor, negative], clock.utcnow()) == 0  # a redo: nothing

    to_billing()
    to_billing()  # redelivered: credited once
    credited = list(PrepaidEntry.select().where(PrepaidEntry.kind == "commission"))
    assert [(str(e.organization_id), e.amount_minor) for e in credited] == [(str(rich), 52_00)]
    assert BillingAccount.get(BillingAccount.organization_id == rich).prepaid_balance_minor == 52_00
    back_to_partner()
    back_to_partner()
    assert [p.status for p in AffiliatePayout.select()] == ["paid"]
    assert len(events("partner.affiliate.payout_paid")) == 1

    commission(poor, 1, month="2027-04")  # 50.00 at the end of April
    commission(negative, 10_00, month="2027-04", currency="EUR")  # 50.00 EUR
    run(clock, MAY)
    assert payouts() == sorted([(str(rich), "2027-03", 52_00), (str(rich), "2027-04", 99_00),
                                (str(poor), "2027-04", 50_00), (str(negative), "2027-04", 50_00)])
    assert Commission.select().where(Commission.payout_id.is_null()).count() == 0


def child(config, failpoints="", **env):
    settings = {**os.environ, "DATABASE_URL": config["DATABASE_URL"], "VAR_DIR": config["VAR_DIR"],
                "FAILPOINTS": failpoints, **env}
    return subprocess.run([sys.executable, "-m", "tests.service.partner_run_child", APRIL.isoformat(), "run", NAME],
                          env=settings, capture_output=True, text=True)


def test_pa15_a_payout_run_killed_inside_and_after_a_chunk_pays_each_affiliate_once(systems):
    affiliates = [affiliate() for _ in range(12)]
    for org in affiliates:
        commission(org, 30_00)
        commission(org, 25_00)
    for failpoint in ("affiliates.before_commit", "run.after_chunk"):
        killed = child(systems, failpoint, RUN_LEASE_SECONDS="0", RUN_CHUNK="5")
        assert killed.returncode == 86, killed.stderr
    assert len(payouts()) == 5
    assert "skipped" in child(systems, RUN_CHUNK="5").stderr  # a live claim
    done = child(systems, RUN_LEASE_SECONDS="0", RUN_CHUNK="5")
    assert done.returncode == 0, done.stderr
    assert '"total": 7' in done.stdout and '"changed": 7' in done.stdout
    assert payouts() == sorted((str(org), "2027-03", 55_00) for org in affiliates)
    assert len(events("partner.affiliate.payout_issued")) == 12
    assert "skipped" in child(systems, RUN_LEASE_SECONDS="0").stderr


def test_pa15_two_runners_on_the_same_chunk_pay_each_affiliate_once(systems, clock):
    affiliates = [affiliate() for _ in range(8)]
    for org in affiliates:
        commission(org, 50_00)
    clock.set(APRIL)
    changed = []
    runners = [threading.Thread(target=lambda: changed.append(
        SCHEDULE.runs[NAME].apply_many(affiliates, clock.utcnow()))) for _ in range(2)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    db.close()
    assert sorted(changed) == [0, 8]
    assert payouts() == sorted((str(org), "2027-03", 50_00) for org in affiliates)
    assert len(events("partner.affiliate.payout_issued")) == 8


def test_pa15_step_15_gives_the_affiliates_of_before_a_code_and_their_currency(tmp_path, databases):
    config = service_config(partner_app, tmp_path, databases, "partner_old")  # empty, not the migrated template
    database = migrations.bind_and_migrate(db, config, [step for step in STEPS if step[0] < 15])
    try:
        eur, unknown = uuid.uuid4(), uuid.uuid4()
        KnownOrganization.create(organization_id=eur, name="Euro Sàrl", kind="company", currency="EUR")
        for org in (eur, unknown):
            Affiliate.create(organization_id=org)
        migrations.apply(database, config["SERVICE_NAME"], STEPS)
        rows = {a.organization_id: a for a in Affiliate.select()}
        assert (rows[eur].currency, rows[unknown].currency) == ("EUR", "CHF")
        assert all(PATTERN.match(a.code) for a in rows.values()) and rows[eur].code != rows[unknown].code
    finally:
        database.close()
