"""Billing's scheduled runs (BI3, BI4, BI6) on the shared clock: automatic renewal with its
retries, the warranty, expiry, dunning and warnings, each once per product and step."""
import os
import subprocess
import sys
import threading
import uuid
from datetime import date, datetime, timedelta

import pytest

from services.billing import app as billing_app
from services.billing.migrations import STEPS
from services.billing.models import (ExpiryWarning, Invoice, OutboundMessage, Payment, Product, RenewalAttempt,
                                     ScheduledRun, db)
from services.billing.periodic import SCHEDULE
from services.common import migrations
from services.common.runs import execute
from tests.conftest import service_config

from .billing_runs_support import CONFIG, card, configure, events, pay, product

EXPIRY = date(2027, 3, 31)


@pytest.fixture
def billing_config(tmp_path, databases):
    config = service_config(billing_app, tmp_path, databases, "billing")
    database = migrations.bind_and_migrate(db, config, STEPS)
    yield config
    database.close()


@pytest.fixture
def stand_ins(billing_config):
    return configure(billing_config)


def at(clock, day):
    clock.set(datetime.combine(day, datetime.min.time()) + timedelta(hours=6))


def run(name, clock):
    return execute(CONFIG, ScheduledRun, SCHEDULE.runs[name], clock.today().isoformat())


def mails(subject_part=""):
    return [m for m in OutboundMessage.select().order_by(OutboundMessage.created_at) if subject_part in m.subject]


def test_bi3_the_first_charge_14_days_before_expiry_renews_once_with_a_numbered_paid_invoice(stand_ins, clock):
    payments, _orgs = stand_ins
    org = uuid.uuid4()
    card(org)
    item = product(org, EXPIRY, auto_renew=True)
    product(org, EXPIRY + timedelta(days=1), name="later.ch", auto_renew=True)  # 15 days ahead: not yet
    at(clock, EXPIRY - timedelta(days=15))
    assert run("auto-renewals", clock)["total"] == 0
    clock.advance(days=1)
    assert run("auto-renewals", clock) == {"total": 1, "changed": 1, "unchanged": 0}
    renewed = Product.get_by_id(item.id)
    assert renewed.expires_on == date(2028, 3, 31) and len(payments.charges) == 1
    invoice = Invoice.get_by_id(RenewalAttempt.get(RenewalAttempt.product_id == item.id).invoice_id)
    assert invoice.status == "paid" and invoice.number == "INV-2027-000001" and invoice.total_minor == 1027
    [event] = [e for e in events("billing.product.renewed") if e["product_id"] == str(item.id)]
    assert event["how"] == "automatic" and event["period_start"] == "2027-03-31" and event["period_end"] == "2028-03-31"
    assert event["ordered_by"] == {"account_id": None, "via_kind": None, "via_id": None}
    assert run("auto-renewals", clock) is None  # the day's key is done
    SCHEDULE.runs["auto-renewals"].apply(item.id, clock.utcnow())  # even a direct redo charges nothing
    assert len(payments.charges) == 1


def test_bi3_declined_charges_are_retried_10_7_3_and_1_days_before_each_attempt_once(stand_ins, clock):
    payments, _orgs = stand_ins
    org = uuid.uuid4()
    payments.declined.add(card(org, "mastercard").id)
    item = product(org, EXPIRY, auto_renew=True)
    charged_on = []
    for days_before in range(16, -1, -1):
        at(clock, EXPIRY - timedelta(days=days_before))
        before = len(payments.charges)
        run("auto-renewals", clock)
        run("auto-renewals", clock)
        if len(payments.charges) > before:
            charged_on.append(days_before)
    assert charged_on == [14, 10, 7, 3, 1]
    attempts = list(RenewalAttempt.select().order_by(RenewalAttempt.attempt))
    assert [(a.attempt, a.status) for a in attempts] == [(n, "failed") for n in range(1, 6)]
    assert len({a.invoice_id for a in attempts}) == 1  # one pro-forma, charged five times
    assert Invoice.get_by_id(attempts[0].invoice_id).number is None
    assert Product.get_by_id(item.id).expires_on == EXPIRY and not events("billing.product.renewed")


def test_bi3_a_missed_day_is_caught_up_under_the_same_attempt(stand_ins, clock):
    payments, _orgs = stand_ins
    org = uuid.uuid4()
    payments.declined.add(card(org).id)
    product(org, EXPIRY, auto_renew=True)
    at(clock, EXPIRY - timedelta(days=12))  # the worker was down 14 and 13 days before
    run("auto-renewals", clock)
    clock.advance(days=1)
    run("auto-renewals", clock)
    assert [a.attempt for a in RenewalAttempt.select()] == [1] and len(payments.charges) == 1


def test_bi3_without_a_visa_or_mastercard_default_the_attempt_fails_without_charging(stand_ins, clock):
    payments, _orgs = stand_ins
    org = uuid.uuid4()
    card(org, brand=None, method="twint")
    product(org, EXPIRY, auto_renew=True)
    at(clock, EXPIRY - timedelta(days=14))
    assert run("auto-renewals", clock)["changed"] == 1
    attempt = RenewalAttempt.get()
    assert attempt.status == "failed" and attempt.failure and not payments.charges


def test_bi4_warranty_renews_at_expiry_after_failed_charges_with_an_issued_invoice_due_in_30_days(stand_ins, clock):
    payments, _orgs = stand_ins
    org = uuid.uuid4()
    payments.declined.add(card(org).id)
    item = product(org, EXPIRY, auto_renew=True, warranty=True)
    plain = product(org, EXPIRY, name="plain.ch", warranty=True)  # no automatic renewal at all
    at(clock, EXPIRY - timedelta(days=1))
    run("auto-renewals", clock)
    assert run("warranty-renewals", clock)["total"] == 0  # not before the expiry day
    at(clock, EXPIRY)
    assert run("warranty-renewals", clock) == {"total": 2, "changed": 2, "unchanged": 0}
    for renewed in (item, plain):
        assert Product.get_by_id(renewed.id).expires_on == date(2028, 3, 31)
    invoices = list(Invoice.select().order_by(Invoice.number))
    assert [(i.status, i.number, i.due_on) for i in invoices] == [
        ("issued", "INV-2027-000001", date(2027, 4, 30)), ("issued", "INV-2027-000002", date(2027, 4, 30))]
    assert RenewalAttempt.get((RenewalAttempt.product_id == item.id) & (RenewalAttempt.attempt == 0)).invoice_id \
        == RenewalAttempt.get((RenewalAttempt.product_id == item.id) & (RenewalAttempt.attempt == 5)).invoice_id
    assert sorted(e["how"] for e in events("billing.product.renewed")) == ["warranty", "warranty"]
    SCHEDULE.runs["warranty-renewals"].apply(item.id, clock.utcnow())
    assert Invoice.select().count() == 2 and len(events("billing.product.renewed")) == 2
    for invoice in invoices:  # paying the warranty's invoices later extends nothing more
        pay(invoice)
    assert {p.expires_on for p in Product.select()} == {date(2028, 3, 31)}


def test_bi6_a_product_left_unrenewed_is_terminated_the_day_after_expiry_and_its_pro_forma_voided(stand_ins, clock):
    payments, _orgs = stand_ins
    org = uuid.uuid4()
    payments.declined.add(card(org).id)
    item = product(org, EXPIRY, auto_renew=True)
    kept = product(org, EXPIRY + timedelta(days=1), name="kept.ch")
    at(clock, EXPIRY - timedelta(days=14))
    run("auto-renewals", clock)
    at(clock, EXPIRY)
    assert run("expiry", clock)["total"] == 0
    clock.advance(days=1)
    assert run("expiry", clock) == {"total": 1, "changed": 1, "unchanged": 0}
    assert Product.get_by_id(item.id).status == "terminated" and Product.get_by_id(kept.id).status == "active"
    [event] = events("billing.product.terminated")
    assert event["reason"] == "expired" and event["invoice_id"] is None
    assert [i.status for i in Invoice.select()] == ["void"]


def overdue_invoice(org, due_on, *products):
    """An issued invoice covering `products`, due on `due_on`: lines written on the draft, then
    issued (the database refuses lines on an issued invoice, BI5); only the dates matter here."""
    from services.billing.models import InvoiceLine

    with db.atomic():
        invoice = Invoice.create(organization_id=org, currency="CHF", net_minor=1000, vat_minor=81, total_minor=1081)
        for position, item in enumerate(products, 1):
            InvoiceLine.create(invoice=invoice, position=position, kind="renewal", product_id=item.id,
                               description=item.name, unit_price_minor=500, net_minor=500, vat_category="standard",
                               vat_rate="8.1", vat_minor=40)
        number = f"INV-2027-{uuid.uuid4().hex[:6]}"
        Invoice.update(status="issued", number=number, year=2027, due_on=due_on).where(Invoice.id == invoice.id).execute()
    invoice.status, invoice.number, invoice.year, invoice.due_on = "issued", number, 2027, due_on
    return invoice


def test_bi6_dunning_reminds_at_due_date_and_7_days_suspends_at_15_and_terminates_at_45(stand_ins, clock):
    org = uuid.uuid4()
    due = date(2027, 5, 1)
    first, second = product(org, date(2028, 1, 1)), product(org, date(2028, 1, 1), name="second.ch")
    invoice = overdue_invoice(org, due, first, second)
    seen = []
    for day in range(0, 50):
        at(clock, due - timedelta(days=2) + timedelta(days=day))
        if run("dunning", clock)["changed"]:
            seen.append(((clock.today() - due).days, Invoice.get_by_id(invoice.id).reminders_sent,
                         Product.get_by_id(first.id).status))
    assert seen == [(0, 1, "active"), (7, 2, "active"), (15, 3, "suspended"), (30, 4, "suspended"),
                    (45, 5, "terminated")]
    assert [e["reason"] for e in events("billing.product.suspended")] == ["unpaid", "unpaid"]
    assert {e["invoice_id"] for e in events("billing.product.terminated")} == {str(invoice.id)}
    subjects = [m.subject for m in mails()]
    assert subjects[0].startswith("Rappel : la facture") and len(subjects) == 5
    assert "Produits suspendus" in subjects[2] and "Produits résiliés" in subjects[4]
    assert "alpine.ch, second.ch" in mails("suspendus")[0].text and "15 juin 2027" in mails("suspendus")[0].text


def test_bi6_a_run_that_missed_days_does_only_the_step_reached(stand_ins, clock):
    org = uuid.uuid4()
    item = product(org, date(2028, 1, 1))
    overdue_invoice(org, date(2027, 5, 1), item)
    at(clock, date(2027, 5, 20))
    assert run("dunning", clock)["changed"] == 1
    assert Product.get_by_id(item.id).status == "suspended" and len(mails()) == 1


def test_bi6_paying_the_invoice_of_a_suspended_product_reactivates_it_unless_another_overdue_one_covers_it(
        stand_ins, clock):
    org = uuid.uuid4()
    item, other = product(org, date(2028, 1, 1)), product(org, date(2028, 1, 1), name="other.ch")
    first = overdue_invoice(org, date(2027, 5, 1), item, other)
    second = overdue_invoice(org, date(2027, 5, 2), other)
    at(clock, date(2027, 5, 20))
    run("dunning", clock)
    assert {p.status for p in Product.select()} == {"suspended"}
    pay(first)
    assert Product.get_by_id(item.id).status == "active" and Product.get_by_id(other.id).status == "suspended"
    pay(second)
    assert Product.get_by_id(other.id).status == "active"
    reactivated = events("billing.product.reactivated")
    assert [(e["product_id"], e["invoice_id"], e["status"]) for e in reactivated] == [
        (str(item.id), str(first.id), "active"), (str(other.id), str(second.id), "active")]
    clock.advance(days=40)
    run("dunning", clock)
    assert {p.status for p in Product.select()} == {"active"}  # paid invoices are dunned no more


def test_bi6_expiry_warnings_30_and_7_days_before_once_each_and_none_with_automatic_renewal(stand_ins, clock):
    org = uuid.uuid4()
    product(org, EXPIRY)
    product(org, EXPIRY, name="auto.ch", auto_renew=True)
    product(org, EXPIRY, name="warranty.ch", warranty=True)
    warned_on = []
    for days_before in range(32, -2, -1):
        at(clock, EXPIRY - timedelta(days=days_before))
        if run("expiry-warnings", clock)["changed"]:
            warned_on.append(days_before)
        SCHEDULE.runs["expiry-warnings"].apply(Product.get(Product.name == "alpine.ch").id, clock.utcnow())
    assert warned_on == [30, 7]
    assert sorted((w.days_before, Product.get_by_id(w.product_id).name) for w in ExpiryWarning.select()) == [
        (7, "alpine.ch"), (7, "warranty.ch"), (30, "alpine.ch"), (30, "warranty.ch")]
    assert len(mails()) == 4
    assert any("garantie de renouvellement" in m.text for m in mails("warranty.ch"))
    assert any("Renouvelez-le" in m.text for m in mails("alpine.ch expire"))


def test_two_years_of_a_product_order_automatic_renewal_failed_charge_warranty_dunning(stand_ins, clock):
    """Ordered 2026-03-31 with automatic renewal and the warranty. 2027: charged 14 days before
    expiry. 2028: the card is declined at every attempt; the warranty renews anyway with an
    unpaid invoice; dunning suspends at + 15 days and the payment reactivates. A second product,
    whose invoice is never paid, is terminated at + 45 days."""
    payments, _orgs = stand_ins
    org, late_org = uuid.uuid4(), uuid.uuid4()
    profile, late_profile = card(org), card(late_org, "mastercard")
    start = date(2026, 3, 31)
    kept = product(org, date(2027, 3, 31), auto_renew=True, warranty=True, started_on=start)
    lost = product(late_org, date(2027, 3, 31), name="lost.ch", auto_renew=True, warranty=True, started_on=start)
    SCHEDULE._last.clear()
    day, history = start, []
    while day <= date(2028, 6, 20):
        at(clock, day)
        if day >= date(2028, 1, 1):
            payments.declined |= {profile.id, late_profile.id}  # both cards expired over new year
        SCHEDULE.tick(CONFIG)
        if day == date(2028, 5, 20):  # the warranty's invoice of `kept` is paid
            pay(Invoice.get_by_id(RenewalAttempt.get((RenewalAttempt.product_id == kept.id)
                                                     & (RenewalAttempt.attempt == 0)).invoice_id))
        for item in (kept, lost):
            now = Product.get_by_id(item.id)
            if (now.expires_on, now.status) != (item.expires_on, item.status):
                history.append((day.isoformat(), now.name, now.status, now.expires_on.isoformat()))
                item.expires_on, item.status = now.expires_on, now.status
        # Day by day around expiry and dunning; a week at a time in between (the runs catch up).
        busy = any(-20 <= (day - date(year, 3, 31)).days <= 80 for year in (2027, 2028))
        day += timedelta(days=1 if busy else 7)
    assert history == [
        ("2027-03-17", "alpine.ch", "active", "2028-03-31"), ("2027-03-17", "lost.ch", "active", "2028-03-31"),
        ("2028-03-31", "alpine.ch", "active", "2029-03-31"), ("2028-03-31", "lost.ch", "active", "2029-03-31"),
        ("2028-05-15", "alpine.ch", "suspended", "2029-03-31"), ("2028-05-15", "lost.ch", "suspended", "2029-03-31"),
        ("2028-05-20", "alpine.ch", "active", "2029-03-31"), ("2028-06-14", "lost.ch", "terminated", "2029-03-31")]
    assert [len([c for c in payments.charges if c[1] == p.id]) for p in (profile, late_profile)] == [6, 6]
    assert [e["how"] for e in events("billing.product.renewed")] == ["automatic"] * 2 + ["warranty"] * 2
    assert sorted(i.number for i in Invoice.select() if i.number) == [
        "INV-2027-000001", "INV-2027-000002", "INV-2028-000001", "INV-2028-000002"]
    assert Payment.select().where(Payment.status == "succeeded").count() == 2
    assert len(mails("Rappel")) == 3 * 2 - 1 and len(mails("suspendus")) == 2 and len(mails("résiliés")) == 1


def child(config, when, failpoints="", run_name="auto-renewals", **env):
    settings = {**os.environ, "DATABASE_URL": config["DATABASE_URL"], "VAR_DIR": config["VAR_DIR"],
                "FAILPOINTS": failpoints, **env}
    return subprocess.run([sys.executable, "-m", "tests.service.billing_run_child", when.isoformat(), "run",
                           run_name], env=settings, capture_output=True, text=True)


def test_a_renewal_run_killed_and_restarted_renews_every_due_product_once_and_skips_or_repeats_no_number(
        billing_config):
    org = uuid.uuid4()
    card(org)
    items = [product(org, EXPIRY, name=f"p{n:02}.ch", auto_renew=True) for n in range(12)]
    when = datetime.combine(EXPIRY - timedelta(days=14), datetime.min.time()) + timedelta(hours=6)
    # Killed before a charge, after a charge (paid, not yet recorded), after an item; a live
    # claim is skipped; then the lease is over and the next runner finishes the rest.
    for failpoint in ("renewal.before_charge", "renewal.after_charge", "run.after_item"):
        killed = child(billing_config, when, failpoint, RUN_LEASE_SECONDS="0")
        assert killed.returncode == 86, killed.stderr
    assert "skipped" in child(billing_config, when).stderr
    done = child(billing_config, when, RUN_LEASE_SECONDS="0")
    assert done.returncode == 0, done.stderr
    assert {Product.get_by_id(p.id).expires_on for p in items} == {date(2028, 3, 31)}
    assert sorted(e["product_id"] for e in events("billing.product.renewed")) == sorted(str(p.id) for p in items)
    assert Payment.select().count() == 12 and {p.status for p in Payment.select()} == {"succeeded"}
    assert sorted(i.number for i in Invoice.select()) == [f"INV-2027-{n:06}" for n in range(1, 13)]
    assert {a.status for a in RenewalAttempt.select()} == {"succeeded"} and RenewalAttempt.select().count() == 12


def test_bi4_a_warranty_run_in_chunks_killed_inside_and_after_a_chunk_renews_each_product_once_gap_free(
        billing_config):
    orgs = [uuid.uuid4() for _ in range(3)]
    items = [product(orgs[n % 3], EXPIRY, name=f"w{n:02}.ch", warranty=True) for n in range(12)]
    when = datetime.combine(EXPIRY, datetime.min.time()) + timedelta(hours=6)
    # Chunks of 5: killed before the first chunk commits (nothing of it stays), then after a
    # committed chunk; the next runner finishes the rest.
    for failpoint in ("warranty.before_commit", "run.after_chunk"):
        killed = child(billing_config, when, failpoint, "warranty-renewals", RUN_LEASE_SECONDS="0", RUN_CHUNK="5")
        assert killed.returncode == 86, killed.stderr
    assert len(events("billing.product.renewed")) == 5
    done = child(billing_config, when, run_name="warranty-renewals", RUN_LEASE_SECONDS="0", RUN_CHUNK="5")
    assert done.returncode == 0, done.stderr
    assert '"total": 7' in done.stdout and '"changed": 7' in done.stdout
    assert {Product.get_by_id(p.id).expires_on for p in items} == {date(2028, 3, 31)}
    assert sorted(e["product_id"] for e in events("billing.product.renewed")) == sorted(str(p.id) for p in items)
    numbers = sorted(i.number for i in Invoice.select())
    assert numbers == [f"INV-2027-{n:06}" for n in range(1, len(numbers) + 1)]
    assert {i.status for i in Invoice.select()} == {"issued"}
    assert RenewalAttempt.select().where(RenewalAttempt.attempt == 0).count() == 12


def test_bi4_two_runners_on_the_same_warranty_chunk_renew_each_product_once_one_invoice_per_organization(
        stand_ins, clock):
    orgs = [uuid.uuid4() for _ in range(2)]
    items = [product(orgs[n % 2], EXPIRY, name=f"w{n:02}.ch", warranty=True) for n in range(8)]
    at(clock, EXPIRY)
    ids = [p.id for p in items]
    changed = []
    runners = [threading.Thread(target=lambda: changed.append(
        SCHEDULE.runs["warranty-renewals"].apply_many(ids, clock.utcnow()))) for _ in range(2)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    db.close()
    assert sorted(changed) == [0, 8]
    assert {Product.get_by_id(p.id).expires_on for p in items} == {date(2028, 3, 31)}
    assert sorted(e["product_id"] for e in events("billing.product.renewed")) == sorted(str(p.id) for p in items)
    invoices = list(Invoice.select().order_by(Invoice.number))
    assert [i.number for i in invoices] == ["INV-2027-000001", "INV-2027-000002"]
    assert sorted(str(i.organization_id) for i in invoices) == sorted(str(o) for o in orgs)
