"""A renewal run over many due products (issue 10, item 11): products per second.

    .venv/bin/python -m bench.billing_renewals [--products 100000] [--run auto-renewals|warranty-renewals]
        [--database-url postgresql://postgres@127.0.0.1:5433/postgres] [--synchronous-commit off] [--chunk 500]

Seeds N products due today (not timed): 14 days before expiry with automatic renewal and a
Visa default profile (auto-renewals), or at expiry with the warranty (warranty-renewals), over
N/100 organizations, in a fresh SQLite file or PostgreSQL database. Then runs the real run
through `services.common.runs.execute` (claim, heartbeat after every item, progress callback)
and prints progress and products/s. The charge is an instant in-process sandbox doing what
`payments.charge_invoice` does with the database (a Payment row written first, then the
pro-forma issued, paid and settled in one transaction), so the figure is billing's own cost,
not a provider's latency. Afterwards it checks every product was renewed exactly once and the
invoice numbers run 1..K without a gap (K invoices: N per product in the per-item
mode, one per organization and chunk in the batch mode of warranty-renewals). Target: >= 2,000 products/s on PostgreSQL.
"""
import argparse
import dataclasses
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import fresh_postgres  # noqa: E402

TARGET = 2000
TODAY = datetime(2027, 3, 17, 6, 0)


def sandbox_charge(invoice, profile):
    """What payments.charge_invoice writes, with a provider that accepts at once."""
    from services.billing import invoicing, renewals
    from services.billing.models import Invoice, Payment, Product, db
    from services.common import clock

    with db.atomic():
        payment = Payment.create(organization_id=invoice.organization_id, invoice_id=invoice.id, method="card",
                                 profile_id=profile.id, amount_minor=invoice.total_minor, currency=invoice.currency)
    with db.atomic():
        Payment.update(status="succeeded", completed_at=clock.utcnow()).where(Payment.id == payment.id).execute()
        product = Product.get_by_id(invoice.lines.get().product_id)
        invoicing.issue(invoice, {}, {product.type: product.family}, {product.id: product.organization_id})
        Invoice.update(status="paid", paid_minor=invoice.total_minor, paid_at=clock.utcnow()).where(
            Invoice.id == invoice.id).execute()
        renewals.invoice_paid(invoice)
    return "succeeded"


def count_statements(database):
    """Counts the SQL statements and commits the run sends (the bench's own queries excepted)."""
    seen = {"sql": 0, "commit": 0}
    execute_sql, commit = database.execute_sql, database.commit

    def counted_sql(*args, **kwargs):
        seen["sql"] += 1
        return execute_sql(*args, **kwargs)

    def counted_commit(*args, **kwargs):
        seen["commit"] += 1
        return commit(*args, **kwargs)

    database.execute_sql, database.commit = counted_sql, counted_commit
    return seen


def seed(count, run_name):
    from services.billing.models import PaymentProfile, Product, db

    expiry = TODAY.date() + timedelta(days=14 if run_name == "auto-renewals" else 0)
    orgs = [uuid.uuid4() for _ in range(max(1, count // 100))]
    with db.atomic():
        PaymentProfile.insert_many([{"id": uuid.uuid4(), "organization_id": org, "method": "card", "brand": "visa",
                                     "label": "Visa •••• 4242", "provider_token": f"tok_{org.hex}",
                                     "is_default": True} for org in orgs]).execute()
    rows = [{"id": uuid.uuid4(), "organization_id": orgs[n % len(orgs)], "billed_organization_id": orgs[n % len(orgs)],
             "type": "domain-ch", "family": "domain", "name": f"p{n}.ch", "price_minor": 950, "currency": "CHF",
             "period_months": 12, "started_on": date(2026, 3, 31), "expires_on": expiry,
             "auto_renew": run_name == "auto-renewals", "warranty": run_name == "warranty-renewals"}
            for n in range(count)]
    for start in range(0, count, 1000):
        with db.atomic():
            Product.insert_many(rows[start:start + 1000]).execute()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--run", choices=["auto-renewals", "warranty-renewals"], default="auto-renewals")
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: a SQLite file)")
    parser.add_argument("--synchronous-commit", choices=["on", "off"], default="on",
                        help="PostgreSQL: off shows how much of the time is waiting for the WAL flush")
    parser.add_argument("--chunk", type=int, default=500,
                        help="products per transaction for a run with a batch mode; 0: one product per transaction")
    args = parser.parse_args()

    from services.billing import app as billing_app, run_context
    from services.billing.models import Invoice, InvoiceLine, OutboxEvent, Product, ScheduledRun, db
    from services.billing.periodic import SCHEDULE
    from services.common import clock
    from services.common.runs import execute

    tmp, drop = Path(tempfile.mkdtemp(prefix="bench-renewals-")), None
    if args.database_url:
        url, drop = fresh_postgres(args.database_url, f"bench_renewals_{uuid.uuid4().hex[:8]}")
    else:
        url = f"sqlite:///{tmp}/billing.db"
    try:
        config = billing_app.make_config(DATABASE_URL=url, VAR_DIR=str(tmp), LOG_LEVEL="WARNING")
        database = billing_app.init_database(config)
        if args.database_url and args.synchronous_commit == "off":
            database.execute_sql("ALTER DATABASE current_database() SET synchronous_commit = off".replace(
                "current_database()", url.rsplit("/", 1)[1]))
            database.close()
            database = billing_app.init_database(config)
        run_context.configure(config, orgs_client=object(), charge_invoice=sandbox_charge)
        clock.set(TODAY)
        started = time.monotonic()
        seed(args.products, args.run)
        print(f"seeded {args.products} products in {time.monotonic() - started:.1f} s ({database.__class__.__name__}"
              f"{', synchronous_commit=off' if args.synchronous_commit == 'off' else ''})")
        statements = count_statements(database)
        step = max(1, args.products // 20)
        started, cpu = time.monotonic(), time.process_time()

        shown = [0]

        def progress(done, total):
            if done - shown[0] >= step or done == total:  # every 5 %, whatever the chunk size
                shown[0] = done
                elapsed = time.monotonic() - started
                print(f"{args.run}: {done}/{total} ({done / elapsed:,.0f} products/s)", flush=True)

        run = SCHEDULE.runs[args.run]
        if args.chunk == 0:
            run = dataclasses.replace(run, apply_many=None)  # the per-item mode, for the before/after
        elif run.apply_many:
            run = dataclasses.replace(run, chunk=args.chunk)
        counts = execute(config, ScheduledRun, run, TODAY.date().isoformat(), progress)
        elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
        rate = counts["changed"] / elapsed
        renewed = Product.select().where(Product.expires_on > TODAY.date() + timedelta(days=14)).count()
        numbers = sorted(int(i.number.rsplit("-", 1)[1]) for i in Invoice.select(Invoice.number)
                         .where(Invoice.number.is_null(False)))
        assert renewed == args.products == counts["changed"], (renewed, counts)
        assert numbers == list(range(1, len(numbers) + 1)), "invoice numbers skipped or repeated"
        unissued = InvoiceLine.select().join(Invoice).where(Invoice.number.is_null()).count()
        assert unissued == 0 and InvoiceLine.select().count() == args.products, "a renewal line not invoiced once"
        events = OutboxEvent.select().count()
        print(f"{args.run}: {counts['changed']} products in {elapsed:.1f} s = {rate:,.0f} products/s "
              f"({elapsed / counts['changed'] * 1e3:.2f} ms each; {events / counts['changed']:.0f} outbox rows each) "
              f"target {TARGET:,}/s on PostgreSQL: {'PASS' if rate >= TARGET else 'BELOW'}")
        per = counts["changed"]
        print(f"{len(numbers)} invoices (one per organization and chunk in batch mode), numbers 1..{len(numbers)}"
              f" without a gap; chunk {run.chunk if run.apply_many else 'none (one product per transaction)'}")
        print(f"per product: {statements['sql'] / per:.1f} SQL statements, {statements['commit'] / per:.1f} "
              f"commits, {cpu / per * 1e3:.2f} ms of this process's CPU (the rest: waiting for the database)")
        db.close()
        return 0 if rate >= TARGET or not args.database_url else 1
    finally:
        if drop:
            drop()


if __name__ == "__main__":
    sys.exit(main())
