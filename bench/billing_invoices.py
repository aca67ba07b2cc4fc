"""Invoice issuance per second with concurrent clients on PostgreSQL, beside a plain INSERT of the
same rows, in one run; and PDF invoices per second per core.

    .venv/bin/python -m bench.billing_invoices [--database-url postgresql://postgres@127.0.0.1:5433/postgres]
                                               [--invoices 1600] [--clients 8] [--pdfs 100]

(a) plain: each client INSERTs an invoice row (as a draft: the database refuses lines added to an
    issued one), its three lines and an outbox row, values computed
    beforehand, one transaction per invoice: what the database takes for the same rows;
Each client is a process of its own (a gunicorn or run worker), all at once.
(b) issuance: each client runs the real use case, one transaction per invoice: `create_draft`
    (three lines, VAT per line, totals) then `issue` (the invoice row locked, the next number of
    the one gap-free sequence, the QR reference, billing.invoice.issued through the outbox);
(c) issuance with PDF: (b), then the invoice's PDF rendered and stored after the commit, as
    `documents.render_invoice` does (CHF: with its Swiss QR-bill page);
(d) PDFs alone: one thread renders invoices of (b), CPU time measured: invoices per second per core.
Targets: (b) >= 20 % of (a); (d) >= 20 invoices/s per core. The numbers are checked: 1..N, no gap.
"""
import argparse
import json
import multiprocessing
import os
import secrets
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script or with -m

from bench.common import fresh_postgres  # noqa: E402
from services.billing import app as billing_app  # noqa: E402
from services.billing import documents, domain, invoicing  # noqa: E402
from services.billing.models import Invoice, InvoiceLine, OutboxEvent, db  # noqa: E402
from services.common.money import Money  # noqa: E402

ISSUE_TARGET, PDF_TARGET = 0.20, 20


def lines():
    """What a renewal of a web hosting with its domain and an SSL certificate looks like."""
    return [{"kind": "renewal", "description": "Web hosting Pro, alpine-web.ch", "unit_price": Money(11900, "CHF"),
             "quantity": 2, "vat_category": "standard", "product_type": "web-hosting",
             "period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)},
            {"kind": "renewal", "description": ".ch domain alpine-web.ch", "unit_price": Money(1500, "CHF"),
             "vat_category": "standard", "product_type": "domain-ch"},
            {"kind": "renewal", "description": "SSL certificate", "unit_price": Money(4900, "CHF"),
             "vat_category": "standard", "product_type": "ssl"}]


BUYER = {"name": "Alpine Web AG", "street": "Bahnhofstrasse 1", "postal_code": "8001", "city": "Zürich", "country": "CH"}


def run_clients(config, clients, count, make_work):
    """`count` calls of work(i) spread over `clients` processes, each with its own connections, as
    gunicorn workers or run workers are: (seconds, CPU seconds of the clients).

    Processes, not threads: in one process the clients would share one GIL, and the issuer that
    holds the number sequence would wait for the others' Python before it can commit."""
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(clients + 1), context.Queue()
    db.obj.close_all()  # a child must not inherit (and, exiting, close) the parent's sessions

    def client(indexes):
        billing_app.init_database(config)
        work = make_work()
        start.wait()
        cpu = time.process_time()
        try:
            for i in indexes:
                work(i)
            results.put((None, time.process_time() - cpu))
        except Exception as error:  # noqa: BLE001 - reported by the parent
            results.put((repr(error), 0))
        finally:
            db.close()

    processes = [context.Process(target=client, args=(range(c, count, clients),)) for c in range(clients)]
    for process in processes:
        process.start()
    start.wait()
    started = time.perf_counter()
    outcomes = [results.get() for _ in processes]
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join()
    errors = [error for error, _cpu in outcomes if error]
    if errors:
        raise SystemExit(f"{len(errors)} client(s) failed, e.g. {errors[0]}")
    return elapsed, sum(cpu for _error, cpu in outcomes)


def plain_insert(rates, organization):
    """One transaction per invoice: the invoice, its three lines and an outbox row as plain INSERTs."""
    return lambda: _plain_insert(rates, organization)


def _plain_insert(rates, organization):
    computed = []
    for line in lines():
        net, vat = domain.line_amounts(line["unit_price"], line.get("quantity", 1),
                                       domain.vat_rate(rates, "CH", line["vat_category"]))
        computed.append((line, net, vat))
    net, vat, total = domain.totals([(n, v) for _l, n, v in computed], "CHF")
    p = db.obj.param
    line_table = InvoiceLine._meta.table_name
    envelope = json.dumps({"type": "billing.invoice.issued", "data": {"total_minor": total.minor}})

    def work(i):
        invoice_id = uuid.uuid4()
        with db.atomic():
            db.execute_sql(f"INSERT INTO invoice (id, organization_id, status, number, year, currency, net_minor, "
                           f"vat_minor, total_minor, paid_minor, credited_minor, country, created_at, reminders_sent) "
                           f"VALUES ({p}, {p}, 'draft', {p}, 2026, 'CHF', {p}, {p}, {p}, 0, 0, 'CH', now(), 0)",
                           (str(invoice_id), str(organization), f"P-{invoice_id.hex[:24]}", net.minor, vat.minor, total.minor))
            rows = [(str(uuid.uuid4()), str(invoice_id), position, line["kind"], line["description"],
                     line.get("quantity", 1), line["unit_price"].minor, line_net.minor, line["vat_category"], "8.1",
                     line_vat.minor) for position, (line, line_net, line_vat) in enumerate(computed, 1)]
            values = ", ".join([f"({', '.join([p] * 11)}, 0)"] * len(rows))
            db.execute_sql(f"INSERT INTO {line_table} (id, invoice_id, position, kind, description, quantity, "
                           f"unit_price_minor, net_minor, vat_category, vat_rate, vat_minor, discount_minor) "
                           f"VALUES {values}", [value for row in rows for value in row])
            db.execute_sql(f"INSERT INTO {OutboxEvent._meta.table_name} (event_id, type, envelope, created_at) "
                           f"VALUES ({p}, 'billing.invoice.issued', {p}, now())", (str(uuid.uuid4()), envelope))
    return work


def issuance(rates, organization, seller=None):
    """The real use case; with `seller`, the PDF rendered and stored after the commit."""
    return lambda: _issuance(rates, organization, seller)


def _issuance(rates, organization, seller):
    def work(_i):
        with db.atomic():
            invoice = invoicing.create_draft(organization, "CHF", lines(), rates, buyer=BUYER)
            invoicing.issue(invoice)
        if seller is not None:
            documents.render_invoice(invoice, seller)
    return work


def check_numbers(organization, expected):
    numbers = sorted(int(number.rsplit("-", 1)[1]) for (number,) in
                     Invoice.select(Invoice.number).where(Invoice.organization_id == organization).tuples())
    if len(numbers) != expected or numbers != list(range(numbers[0], numbers[0] + expected)):
        raise SystemExit(f"numbers are not gap-free: {len(numbers)} of {expected}")
    return numbers[0], numbers[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL_BASE",
                                                                 "postgresql://postgres@127.0.0.1:5433/postgres"),
                        help="a PostgreSQL server; a fresh database is made there and dropped after")
    parser.add_argument("--invoices", type=int, default=1600, help="invoices per measured phase")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pdfs", type=int, default=100, help="PDFs rendered for (c) and (d)")
    args = parser.parse_args()
    n, clients = args.invoices, args.clients
    tmp = tempfile.TemporaryDirectory(prefix="bench-invoices-")
    url, drop = fresh_postgres(args.database_url, f"bench{secrets.token_hex(4)}")
    config = billing_app.make_config(VAR_DIR=tmp.name, DATABASE_URL=url, LOG_LEVEL="WARNING")
    rates, seller = config["VAT_RATES"], config["SELLER"]
    billing_app.init_database(config)
    print(f"database {url.rsplit('/', 1)[0]}/...  invoices={n} per phase  clients={clients}  pdfs={args.pdfs}")
    try:
        # Plain runs in two halves, before and after issuance, so that load from elsewhere on a
        # shared machine during the run weighs on both alike.
        plain_org, issued_org, pdf_org = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        half = n // 2
        print("(a) plain INSERT of the same rows: first half ...", flush=True)
        plain = [run_clients(config, clients, half, plain_insert(rates, plain_org))]
        print("(b) issuance: draft, lines, VAT, number, outbox ...", flush=True)
        issue_seconds, issue_cpu = run_clients(config, clients, n, issuance(rates, issued_org))
        first, last = check_numbers(issued_org, n)
        print(f"  numbers {first}..{last}: {n}, no gap, no duplicate")
        print("(a) plain INSERT: second half ...", flush=True)
        plain.append(run_clients(config, clients, n - half, plain_insert(rates, plain_org)))
        print("(c) issuance with PDF, rendered and stored after the commit ...", flush=True)
        pdf_seconds, _cpu = run_clients(config, clients, args.pdfs, issuance(rates, pdf_org, seller))
        print("(d) PDFs alone, one thread ...", flush=True)
        invoices = list(Invoice.select().where(Invoice.organization_id == issued_org).limit(args.pdfs))
        started = time.process_time()
        sizes = [len(documents.pdf.invoice_pdf(invoice, list(invoice.lines.order_by(InvoiceLine.position)), seller))
                 for invoice in invoices]
        per_pdf_cpu = (time.process_time() - started) / len(invoices)
    finally:
        db.close()
        drop()
        tmp.cleanup()
    plain_rate = n / sum(seconds for seconds, _cpu in plain)
    plain_cpu = sum(cpu for _seconds, cpu in plain) / n
    issue_rate, pdf_rate, per_core = n / issue_seconds, args.pdfs / pdf_seconds, 1 / per_pdf_cpu
    ratio = issue_rate / plain_rate
    passed = ratio >= ISSUE_TARGET and per_core >= PDF_TARGET
    print(f"\n(a) plain INSERT        {plain_rate:8,.0f} invoices/s   {plain_cpu * 1e3:6.2f} ms CPU/invoice (client)\n"
          f"(b) issuance            {issue_rate:8,.0f} invoices/s   {issue_cpu / n * 1e3:6.2f} ms CPU/invoice (client)"
          f"   {ratio:6.1%} of plain (target >= {ISSUE_TARGET:.0%})\n"
          f"(c) issuance with PDF   {pdf_rate:8,.0f} invoices/s   {pdf_rate / plain_rate:6.1%} of plain\n"
          f"(d) PDF alone           {per_core:8,.1f} invoices/s per core ({per_pdf_cpu * 1e3:.1f} ms CPU each, "
          f"{sum(sizes) // len(sizes) // 1024} KiB; target >= {PDF_TARGET})\n"
          f"{'PASS' if passed else 'BELOW'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
