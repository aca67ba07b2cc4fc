"""PA9: the clients' billing CSV export streamed in constant memory.

    .venv/bin/python -m bench.billing_export [--database-url postgresql://postgres@127.0.0.1:5433/postgres]
                                             [--lines 100000] [--small 10000]

Seeds one partner paying for one client: invoices of 10 lines each, 100 invoices a day, issued to
the partner for the client's orders (bulk INSERTs, not timed). Then runs the real export
(`exports.csv_chunks`, the generator the endpoint streams) over the period holding `--small`
lines and over the one holding `--lines` lines, each with tracemalloc on, and once more over
`--lines` without it for the speed. Prints the lines, bytes, peak memory of both and their ratio,
and lines per second (wall and CPU). Target: the peak of `--lines` within 1.5 × the peak of `--small` (memory holds one
page, not the export). SQLite file in a temp dir by default; a fresh PostgreSQL database with
--database-url (dropped after).
"""
import argparse
import os
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script or with -m

from bench.common import fresh_postgres  # noqa: E402
from services.billing import app as billing_app  # noqa: E402
from services.billing import exports  # noqa: E402
from services.billing.models import Invoice, InvoiceLine, Order, PayerRoute, db  # noqa: E402

LINES_PER_INVOICE, INVOICES_PER_DAY, CHUNK = 10, 100, 200
MEMORY_TARGET = 1.5
START = datetime(2027, 1, 1)


def seed(total_lines, partner, client):
    """Invoices of LINES_PER_INVOICE lines to `partner` for `client`'s orders, INVOICES_PER_DAY a
    day from START: drafts with their lines, then marked paid (BI5 refuses lines of issued ones)."""
    PayerRoute.create(link_id=uuid.uuid4(), client_organization_id=client, partner_organization_id=partner,
                      payer="partner", status="active", version=1)
    invoices = total_lines // LINES_PER_INVOICE
    step = timedelta(days=1) / INVOICES_PER_DAY
    for first in range(0, invoices, CHUNK):
        batch = range(first, min(first + CHUNK, invoices))
        orders = [{"id": uuid.uuid4(), "organization_id": client, "status": "paid", "currency": "CHF"} for _ in batch]
        rows = [{"id": uuid.uuid4(), "organization_id": partner, "status": "draft", "number": f"INV-2027-{i + 1:06d}",
                 "year": 2027, "currency": "CHF", "net_minor": 100_000, "vat_minor": 8_100, "total_minor": 108_100,
                 "paid_minor": 108_100, "order_id": order["id"], "issued_at": START + i * step,
                 "due_on": (START + i * step).date() + timedelta(days=30)} for i, order in zip(batch, orders)]
        lines = [{"id": uuid.uuid4(), "invoice": row["id"], "position": p + 1, "kind": "order",
                  "description": f"Web hosting: shop {p} (1 × 12 months)", "product_type": "web-hosting",
                  "quantity": 1, "unit_price_minor": 10_000, "discount_minor": 0, "net_minor": 10_000,
                  "vat_category": "standard", "vat_rate": "8.1", "vat_minor": 810, "public_minor": 10_000}
                 for row in rows for p in range(LINES_PER_INVOICE)]
        with db.atomic():
            Order.insert_many(orders).execute()
            Invoice.insert_many(rows).execute()
            InvoiceLine.insert_many(lines).execute()
            Invoice.update(status="paid").where(Invoice.id.in_([row["id"] for row in rows])).execute()


def export(partner, client, lines):
    """(lines, bytes, seconds, CPU seconds) of the export over the days holding `lines` lines."""
    days = lines // (LINES_PER_INVOICE * INVOICES_PER_DAY)
    start, end = START.date(), START.date() + timedelta(days=days - 1)
    count = size = 0
    began, cpu = time.perf_counter(), time.process_time()
    for chunk in exports.csv_chunks(partner, client, start, end, client_invoices=False):
        count += chunk.count("\n")
        size += len(chunk)
    return count - 1, size, time.perf_counter() - began, time.process_time() - cpu


def traced(partner, client, lines):
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        count, size, _seconds, _cpu = export(partner, client, lines)
        return count, size, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL_BASE"))
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="bench-export-")
    drop = None
    if args.database_url:
        url, drop = fresh_postgres(args.database_url, f"bench_export_{uuid.uuid4().hex[:8]}")
    else:
        url = f"sqlite:///{tmp.name}/billing.db"
    try:
        billing_app.init_database(billing_app.make_config(VAR_DIR=tmp.name, DATABASE_URL=url, LOG_LEVEL="WARNING"))
        partner, client = uuid.uuid4(), uuid.uuid4()
        began = time.perf_counter()
        seed(args.lines, partner, client)
        print(f"seeded {args.lines} lines in {time.perf_counter() - began:.1f} s ({url.split(':')[0]})")
        small, small_bytes, small_peak = traced(partner, client, args.small)
        large, large_bytes, large_peak = traced(partner, client, args.lines)
        assert (small, large) == (args.small, args.lines), (small, large)
        count, _size, seconds, cpu = export(partner, client, args.lines)
        ratio = large_peak / small_peak
        print(f"{small:>7} lines {small_bytes / 1e6:7.1f} MB of CSV  peak memory {small_peak / 1e6:6.2f} MB")
        print(f"{large:>7} lines {large_bytes / 1e6:7.1f} MB of CSV  peak memory {large_peak / 1e6:6.2f} MB")
        print(f"peak ratio {ratio:.2f} (target <= {MEMORY_TARGET})  speed {count / seconds:,.0f} lines/s "
              f"({seconds:.1f} s for {count} lines, tracemalloc off), {count / cpu:,.0f} lines per CPU second "
              "(a shared machine: wall time is the less reliable figure)")
        return 0 if ratio <= MEMORY_TARGET else 1
    finally:
        db.close()
        if drop:
            drop()
        tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
