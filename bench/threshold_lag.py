"""PA2: how long after billing publishes a product event a partner's managed volume shows it.

    .venv/bin/python -m bench.threshold_lag [--rate 200] [--seconds 15] [--partners 20] [--clients 5]
                                            [--amqp-url URL] [--database-url URL]

The real partner worker (`python -m services.partner worker`, a process of its own: consumer,
relay, schedule, sender) on the real broker, with a fresh partner database (a SQLite file, or a
fresh PostgreSQL database on --database-url) and its own exchange/queue prefix:

* Seeded before the clock starts: `--partners` approved partners, each with `--clients` active
  full-scope links (ManagedLink rows, as partner.link.approved leaves them) and a Standing far
  above the highest tier, so that the events only move the figure (no status change, hence no
  mail and no call to orgs: that path is the service tests'). The worker's periodic runs are
  recorded as done for today, so that the monthly re-evaluation does not run in the middle.
* Load: `billing.product.ordered` envelopes (billing's own schema, `make_envelope`), each a new
  product of a random client, published to `<prefix>.events` at a constant `--rate` (open
  loop: event i is due at start + i/rate, and its lag counts from its due time).
* Measure: a reader polls every partner's `Standing.volume_minor` every 10 ms (one connection); event i is
  visible once its partner's figure reaches the running total including it. Lag = that poll's
  time − the event's due time (resolution: the poll interval).

Prints p50/p95/p99/max and how many events arrived; target p95 ≤ 500 ms. The exchange, queues,
temp dir and database are removed at the end, however it ends.
"""
import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

import pika

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script or with -m

from bench.common import bench_databases, cleanup, wait_until  # noqa: E402
from services.billing.events import PRODUCED as BILLING_PRODUCED  # noqa: E402
from services.common import migrations, topology  # noqa: E402
from services.common.config import load_config  # noqa: E402
from services.common.events import make_envelope  # noqa: E402
from services.partner import models, ratecard  # noqa: E402
from services.partner.migrations import STEPS  # noqa: E402
from services.partner.periodic import SCHEDULE  # noqa: E402

TARGET_P95_MS = 500.0
EVENT = "billing.product.ordered"
START_MINOR = 100_000_000_00  # CHF 100 million: above every tier, so nothing but the figure moves
POLL_SECONDS = 0.01


def seed(config, partners, clients):
    """{partner_id: [client_id, ...]}: partners, links and standings as the events would leave them."""
    database = migrations.bind_and_migrate(models.db, config, STEPS)
    card = ratecard.load()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    layout = {}
    with database.atomic():
        for p in range(partners):
            partner = str(uuid.uuid4())
            models.Partner.create(organization_id=partner, name=f"Bench Partner {p}", currency="CHF", contact_emails=[])
            models.Standing.create(partner_organization_id=partner, currency="CHF", volume_minor=START_MINOR,
                                   status="eligible", since=now, tier=card.tiers[-1].name, benefits_active=True,
                                   ratecard_version=card.version, version=1)
            layout[partner] = []
            for _ in range(clients):
                client = str(uuid.uuid4())
                models.ManagedLink.create(link_id=uuid.uuid4(), version=2, partner_organization_id=partner,
                                          client_organization_id=client, status="active", scope="full")
                layout[partner].append(client)
        today = now.date()
        for run in SCHEDULE.runs.values():  # done for today: no re-evaluation in the middle of the load
            models.ScheduledRun.create(name=run.name, key=run.key(today), owner="bench", started_at=now,
                                       heartbeat_at=now, finished_at=now)
    database.close()
    return layout


def envelopes(layout, count):
    """[(partner_id, amount_minor, body)]: `count` product orders spread over random clients."""
    rng = random.Random(12)
    pairs = [(partner, client) for partner, clients in layout.items() for client in clients]
    made = []
    for i in range(count):
        partner, client = rng.choice(pairs)
        price = rng.randint(1_00, 500_00)
        data = {"product_id": str(uuid.uuid4()), "organization_id": client, "billed_organization_id": client,
                "product_type": "web_hosting", "family": "hosting", "status": "active",
                "started_on": date(2026, 1, 1), "expires_on": date(2027, 1, 1), "period_months": 12, "units": 1,
                "price_minor": price, "currency": "CHF", "periods": 1, "period_start": date(2026, 1, 1),
                "period_end": date(2027, 1, 1), "net_minor": price, "invoice_id": str(uuid.uuid4()),
                "ordered_by": {"account_id": None}}
        envelope = make_envelope(EVENT, "billing", data, produced=BILLING_PRODUCED)
        made.append((partner, price, envelope["id"], json.dumps(envelope).encode()))
    return made


def publish(config, events, rate, due):
    """Publish event i at start + i/rate (the relay's message properties); fills `due` (monotonic)."""
    connection = pika.BlockingConnection(topology.connection_parameters(config, name="bench-publisher"))
    channel = connection.channel()
    exchange = topology.exchange(config)
    start = time.monotonic() + 0.2
    late = 0
    for i, (_partner, _price, event_id, body) in enumerate(events):
        at = start + i / rate
        pause = at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        elif pause < -0.005:
            late += 1
        due[i] = at
        channel.basic_publish(exchange, EVENT, body, pika.BasicProperties(
            content_type="application/json", delivery_mode=pika.DeliveryMode.Persistent, message_id=event_id,
            type=EVENT, app_id="billing", headers={"x-attempt": 1}))
    connection.close()
    return late


def watch(config, events, due, seen, stop):
    """Poll every standing's figure; record when each event's running total is reached."""
    database = migrations.bind_and_migrate(models.db, config, STEPS)
    totals, per_partner = {}, {}
    for i, (partner, price, _id, _body) in enumerate(events):
        totals[i] = per_partner[partner] = per_partner.get(partner, START_MINOR) + price
    queue = {}
    for i, (partner, _price, _id, _body) in enumerate(events):
        queue.setdefault(partner, []).append(i)
    while not stop.is_set() and len(seen) < len(events):
        rows = database.execute_sql("SELECT partner_organization_id, volume_minor FROM standing").fetchall()
        now = time.monotonic()
        for partner, figure in rows:
            waiting = queue.get(str(uuid.UUID(str(partner))), [])
            while waiting and waiting[0] in due and figure >= totals[waiting[0]]:
                seen[waiting.pop(0)] = now
        time.sleep(POLL_SECONDS)
    database.close()


def percentile(values, q):
    return values[min(len(values) - 1, int(q * len(values)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="events per second")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--partners", type=int, default=20)
    parser.add_argument("--clients", type=int, default=5, help="per partner")
    parser.add_argument("--amqp-url", default=os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"))
    parser.add_argument("--database-url", default="", help="a PostgreSQL server URL; default: SQLite in a temp dir")
    args = parser.parse_args()

    prefix = f"bench{secrets.token_hex(4)}"
    tmp = Path(tempfile.mkdtemp(prefix="threshold-lag-"))
    processes, drops = [], []
    with cleanup(processes, drops, tmp):
        url = bench_databases(["partner"], args.database_url, prefix, tmp, drops)["partner"]
        env = {**os.environ, "DATABASE_URL": url, "AMQP_URL": args.amqp_url, "AMQP_PREFIX": prefix,
               "VAR_DIR": str(tmp / "var"), "LOG_LEVEL": "WARNING", "RUN_SCHEDULE_POLL_SECONDS": "3600"}
        config = load_config("partner", DATABASE_URL=url, AMQP_URL=args.amqp_url, AMQP_PREFIX=prefix,
                             VAR_DIR=str(tmp / "var"))
        layout = seed(config, args.partners, args.clients)
        events = envelopes(layout, int(args.rate * args.seconds))
        log = open(tmp / "worker.log", "w")
        processes.append(subprocess.Popen([sys.executable, "-m", "services.partner", "worker"], cwd=ROOT, env=env,
                                          stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        params = topology.connection_parameters(config, name="bench-check")

        def queue_ready():
            try:
                connection = pika.BlockingConnection(params)
                try:
                    connection.channel().queue_declare(topology.queue(config, "partner"), passive=True)
                    return True
                finally:
                    if connection.is_open:
                        connection.close()
            except (pika.exceptions.ChannelClosedByBroker, pika.exceptions.AMQPConnectionError):
                return False

        try:
            return _measure(args, config, url, events, queue_ready)
        finally:
            _delete_broker_objects(params, config)


def _measure(args, config, url, events, queue_ready):
    """Wait for the worker, publish at the rate, print the lags; 0 when p95 meets the target."""
    wait_until(queue_ready, 60, "the partner worker's queue")
    time.sleep(1.0)  # the consumer binds its event types right after declaring the queue
    print(f"{len(events)} {EVENT} events at {args.rate:.0f}/s to the partner worker; "
          f"{args.partners} partners × {args.clients} clients; database {url.split(':')[0]}", flush=True)
    due, seen, stop = {}, {}, threading.Event()
    watcher = threading.Thread(target=watch, args=(config, events, due, seen, stop), daemon=True)
    watcher.start()
    late = publish(config, events, args.rate, due)
    deadline = time.monotonic() + 60
    while len(seen) < len(events) and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    watcher.join(timeout=5)
    lags = sorted((seen[i] - due[i]) * 1e3 for i in seen)
    if len(lags) < len(events):
        raise SystemExit(f"only {len(lags)}/{len(events)} events reached the standings within 60 s")
    p50, p95, p99 = (percentile(lags, q) for q in (0.50, 0.95, 0.99))
    print(f"lag from publish to Standing.volume_minor (ms): p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  "
          f"max {lags[-1]:.1f}  ({len(lags)} events, {late} published late)")
    verdict = "PASS" if p95 <= TARGET_P95_MS else "BELOW"
    print(f"target p95 <= {TARGET_P95_MS:.0f} ms: {verdict}")
    return 0 if p95 <= TARGET_P95_MS else 1


def _delete_broker_objects(params, config):
    """Every queue the worker's relay and consumer declared under this run's prefix, and the exchange."""
    try:
        connection = pika.BlockingConnection(params)
    except pika.exceptions.AMQPConnectionError:
        return
    channel = connection.channel()
    for service in {*topology.routes(), "partner"}:
        for name in [topology.queue(config, service), topology.dead_queue(config, service),
                     *(topology.retry_queue(config, service, d) for d in config["RETRY_DELAYS_MS"])]:
            channel.queue_delete(name)
    channel.exchange_delete(topology.exchange(config))
    connection.close()


if __name__ == "__main__":
    sys.exit(main())
