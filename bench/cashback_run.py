"""The monthly cashback run (PA11, issue 12 item 9) beside ONE SQL aggregate of the same sums.

    .venv/bin/python -m bench.cashback_run --database-url postgresql://postgres@127.0.0.1:5433/postgres
        [--scale 1.0] [--chunk 500]

Seeds (bulk SQL, not timed) 1,000 partners × 50 clients × 10 products × 12 months of paid
invoice lines as cashback entries (× `--scale` partners; every 20th entry a credit-note
reversal; written month after month as they accrue), a Standing row per partner and the
statements of the first 11 months, in a fresh
PostgreSQL database. Then times the real run `cashback-statements` through
services.common.runs.execute (claim, chunks of 500 partners in one transaction each: lock the
Standing rows, one grouped sum, the statements and their outbox events inserted) issuing
month 12, and ONE SQL aggregate computing the same per-partner sums (earned, reversed, count)
of month 12 on the same database (warmed once first). Checks both agree, prints both times and
the ratio. Target: run ≤ 2 × the aggregate.
"""
import argparse
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import fresh_postgres  # noqa: E402

TARGET = 2.0
RUN_AT = datetime(2028, 1, 1, 3)  # issues 2027-12
MONTHS = [f"2027-{m:02}" for m in range(1, 13)]
AGGREGATE = """SELECT partner_organization_id, SUM(CASE WHEN amount_minor > 0 THEN amount_minor ELSE 0 END),
                      SUM(CASE WHEN amount_minor < 0 THEN -amount_minor ELSE 0 END), COUNT(*)
               FROM cashback_entry WHERE month = %s GROUP BY partner_organization_id"""


def seed(database, partners, clients, products):
    """Entries of 12 months, Standing rows, statements of months 1-11: set-based INSERTs."""
    months = "ARRAY[" + ", ".join(f"'{m}'" for m in MONTHS) + "]"
    database.execute_sql(f"""
        INSERT INTO standing (partner_organization_id, currency, volume_minor, status, since, benefits_active,
                              version, evaluated_at)
        SELECT md5('p' || p)::uuid, 'CHF', 5000000, 'eligible', now(), true, 1, now()
        FROM generate_series(1, {partners}) p""")
    database.execute_sql(f"""
        INSERT INTO cashback_entry (id, partner_organization_id, client_organization_id, link_id, invoice_id,
            invoice_line_id, credit_note_id, month, family, condition, currency, public_minor, partner_minor,
            amount_minor, rate, ratecard_version, created_at)
        SELECT md5('e' || p || '-' || c || '-' || k || '-' || m)::uuid, md5('p' || p)::uuid,
               md5('c' || p || '-' || c)::uuid, md5('l' || p || '-' || c)::uuid,
               md5('i' || p || '-' || c || '-' || m)::uuid, md5('n' || p || '-' || c || '-' || k || '-' || m)::uuid,
               CASE WHEN mod(c + k, 20) = 0 THEN md5('cn' || p || '-' || c || '-' || m)::uuid END,
               ({months})[m], 'hosting', 'full-client-pays', 'CHF', 10000 + k * 100, 9000 + k * 90,
               CASE WHEN mod(c + k, 20) = 0 THEN -(500 + k * 5) ELSE 1000 + k * 10 END, '10', '2026.12.1', now()
        FROM generate_series(1, 12) m, generate_series(1, {partners}) p, generate_series(1, {clients}) c,
             generate_series(1, {products}) k
        ORDER BY m""")  # in the order they accrue: month after month, as the table grows in production
    database.execute_sql(f"""
        INSERT INTO cashback_statement (id, partner_organization_id, month, currency, earned_minor, reversed_minor,
                                        carried_minor, amount_minor, entries, status, issued_at)
        SELECT md5('s' || p || '-' || m)::uuid, md5('p' || p)::uuid, ({months})[m], 'CHF', 0, 0, 0, 0, 0,
               'credited', now()
        FROM generate_series(1, {partners}) p, generate_series(1, 11) m""")
    database.execute_sql("ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server URL")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the 1,000 partners")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--products", type=int, default=10)
    parser.add_argument("--chunk", type=int, default=500)
    args = parser.parse_args()

    import dataclasses

    from services.common import clock
    from services.common.runs import execute
    from services.partner import app as partner_app, cashback
    from services.partner.models import CashbackStatement, ScheduledRun, db
    from services.partner.periodic import SCHEDULE

    tmp = Path(tempfile.mkdtemp(prefix="bench-cashback-"))
    url, drop = fresh_postgres(args.database_url, f"bench_cashback_{uuid.uuid4().hex[:8]}")
    try:
        config = partner_app.make_config(DATABASE_URL=url, VAR_DIR=str(tmp), LOG_LEVEL="WARNING")
        database = partner_app.init_database(config)
        cashback.configure(config)
        partners = max(1, round(1000 * args.scale))
        started = time.monotonic()
        with database.atomic():
            seed(database, partners, args.clients, args.products)
        entries = partners * args.clients * args.products * 12
        print(f"seeded {entries:,} entries ({partners} partners × {args.clients} clients × {args.products} products"
              f" × 12 months) in {time.monotonic() - started:.1f} s")

        database.execute_sql(AGGREGATE, (MONTHS[-1],)).fetchall()  # warm the cache for both sides alike
        started = time.monotonic()
        expected = {row[0]: tuple(int(v) for v in row[1:]) for row in
                    database.execute_sql(AGGREGATE, (MONTHS[-1],)).fetchall()}
        aggregate = time.monotonic() - started

        clock.set(RUN_AT)
        from services.partner import cashback_runs
        started = time.monotonic()
        due = cashback_runs.due(RUN_AT)
        print(f"(the run's list of partners due alone: {time.monotonic() - started:.2f} s, {len(due)})")
        run = dataclasses.replace(SCHEDULE.runs["cashback-statements"], chunk=args.chunk)
        started = time.monotonic()
        counts = execute(config, ScheduledRun, run, RUN_AT.strftime("%Y-%m"))
        elapsed = time.monotonic() - started

        issued = {str(s.partner_organization_id): (s.earned_minor, s.reversed_minor, s.entries)
                  for s in CashbackStatement.select().where(CashbackStatement.month == MONTHS[-1])}
        assert counts["changed"] == partners == len(issued), counts
        assert issued == {str(k): v for k, v in expected.items()}, "the run's sums differ from the aggregate's"
        ratio = elapsed / aggregate
        print(f"run cashback-statements: {partners} statements over {entries // 12:,} entries of {MONTHS[-1]} "
              f"in {elapsed:.2f} s (chunk {args.chunk})")
        print(f"one SQL aggregate of the same sums: {aggregate:.2f} s")
        print(f"ratio {ratio:.2f} × (target ≤ {TARGET:g} ×): {'PASS' if ratio <= TARGET else 'BELOW'}")
        db.close()
        return 0 if ratio <= TARGET else 1
    finally:
        drop()


if __name__ == "__main__":
    sys.exit(main())
