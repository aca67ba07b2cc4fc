"""Outbox relay throughput against a raw pika publish loop, on the same broker, in one run.

    .venv/bin/python -m bench.relay_throughput [--messages 20000] [--amqp-url URL] [--database-url URL]

(a) raw: BlockingConnection, no confirms, persistent messages of the real envelope shape
    into a durable topic exchange bound to a durable queue (what the broker can take);
(b) relay: N rows written with the real `Outbox.emit` before the clock starts, then the
    real `Relay` (publisher confirms, mandatory, batch UPDATEs) until none is unpublished.
Target: relay >= 30 % of raw. Every exchange and queue made here is deleted at the end.
"""
import argparse
import json
import logging
import os
import secrets
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pika

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script or with -m

from bench.common import fresh_postgres  # noqa: E402
from services import SERVICES  # noqa: E402
from services.common import migrations, topology  # noqa: E402
from services.common.config import load_config  # noqa: E402
from services.common.relay import Relay  # noqa: E402
from services.identity import models  # noqa: E402
from services.identity.migrations import STEPS  # noqa: E402

TARGET = 0.30
EVENT = "identity.account.registered"


def payload(i):
    """A valid identity.account.registered payload (services/common/events.py)."""
    return {"account_id": uuid.uuid4(), "email": f"user{i}@example.com", "first_name": "Bench",
            "last_name": f"User{i}", "organization": {"kind": "individual", "name": f"Bench User{i}",
                                                      "currency": "CHF"}}


def properties(envelope):
    # The relay's properties, so both sides put the same bytes on the wire.
    return pika.BasicProperties(content_type="application/json", delivery_mode=pika.DeliveryMode.Persistent,
                                message_id=envelope["id"], type=EVENT, correlation_id=envelope["correlation_id"],
                                app_id=envelope["producer"], headers={"x-attempt": 1})


def raw_baseline(params, prefix, envelopes, bodies):
    """(seconds, CPU seconds) of a no-confirm publish loop; the clock stops after a synchronous
    round trip on the same channel, so every publish has at least been read by the broker."""
    name = f"{prefix}.raw"
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    channel.exchange_declare(name, exchange_type="topic", durable=True)
    channel.queue_declare(name, durable=True, arguments={"x-queue-type": "classic"})
    channel.queue_bind(name, name, routing_key=EVENT)
    try:
        started, cpu = time.perf_counter(), time.process_time()
        for i, (envelope, body) in enumerate(zip(envelopes, bodies), 1):
            channel.basic_publish(name, EVENT, body, properties(envelope))
            if i % 5000 == 0:
                print(f"  raw: {i} published", flush=True)
        channel.queue_declare(name, passive=True)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        stored = wait_count(channel, name, len(bodies))
        print(f"  raw: {stored}/{len(bodies)} messages stored in {name}")
    finally:
        channel.queue_delete(name)
        channel.exchange_delete(name)
        connection.close()
    return elapsed, cpu


def wait_count(channel, queue, expected, timeout=30):
    """The queue's message count once it reaches `expected` (routing to the queue is async)."""
    deadline = time.monotonic() + timeout
    while True:
        count = channel.queue_declare(queue, passive=True).method.message_count
        if count >= expected or time.monotonic() > deadline:
            return count
        time.sleep(0.1)


def fill_outbox(database, outbox, n, chunk=500):
    """n real `Outbox.emit` calls, `chunk` per transaction (only to make the set-up quicker)."""
    envelopes = []
    for start in range(0, n, chunk):
        with database.atomic():
            envelopes += [outbox.emit(EVENT, payload(i)) for i in range(start, min(start + chunk, n))]
        if (start + chunk) % 5000 == 0:
            print(f"  outbox: {start + chunk} rows written", flush=True)
    return envelopes


def run_relay(config, database, outbox, n, timeout):
    relay = Relay(config, database, outbox)
    thread = threading.Thread(target=relay.run, name="relay", daemon=True)
    # The clock includes the relay's connect and declare_all, as in production (~0.1 s).
    started, cpu = time.perf_counter(), time.process_time()
    thread.start()
    last_report = started
    try:
        while (left := outbox.unpublished_count()) > 0:
            now = time.perf_counter()
            if now - started > timeout or not thread.is_alive():
                raise SystemExit(f"relay: {left} rows still unpublished after {now - started:.0f}s"
                                 + ("" if thread.is_alive() else " (relay thread died, see above)"))
            if now - last_report >= 2:
                print(f"  relay: {n - left}/{n} published", flush=True)
                last_report = now
            time.sleep(0.05)  # polling every 50 ms: < 1 % of a multi-second run
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        relay.stop()
        thread.join(10)
    return n / elapsed, cpu / n


def delete_topology(params, config):
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    for service in SERVICES:
        names = [topology.queue(config, service), topology.dead_queue(config, service)]
        names += [topology.retry_queue(config, service, d) for d in config["RETRY_DELAYS_MS"]]
        for name in names:
            channel.queue_delete(name)
    channel.exchange_delete(topology.exchange(config))
    connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--amqp-url", default=os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"))
    parser.add_argument("--database-url", help="postgresql://... server; a fresh database is made there "
                                               "(default: a SQLite file in a temp dir)")
    parser.add_argument("--timeout", type=float, default=300, help="give up on the relay after this many s")
    args = parser.parse_args()
    # The relay's own warnings (e.g. "channel closed" when we stop it) stay visible, labelled.
    logging.basicConfig(level=logging.WARNING, format="  log %(name)s: %(message)s")
    n, prefix = args.messages, f"bench{secrets.token_hex(4)}"
    tmp = tempfile.TemporaryDirectory(prefix="bench-relay-")
    drop = lambda: None  # noqa: E731
    url = f"sqlite:///{tmp.name}/identity.db"
    if args.database_url:
        url, drop = fresh_postgres(args.database_url, prefix)
    # Overrides beat the environment: nothing here can touch another run's prefix or database.
    config = load_config("identity", VAR_DIR=tmp.name, DATABASE_URL=url, AMQP_URL=args.amqp_url,
                         AMQP_PREFIX=prefix, LOG_LEVEL="WARNING")
    params = topology.connection_parameters(config, name="bench")
    print(f"broker {args.amqp_url}  prefix {prefix}  database {urlparse(url).scheme}  N={n}  "
          f"batch={config['RELAY_BATCH']}")
    database = migrations.bind_and_migrate(models.db, config, STEPS)
    try:
        print("writing the outbox (not timed) ...", flush=True)
        envelopes = fill_outbox(database, models.outbox, n)
        bodies = [json.dumps(e) for e in envelopes]  # what emit stored in `envelope`
        # Raw runs in two halves, before and after the relay, so that load from elsewhere on a
        # shared machine during the run weighs on both measurements alike.
        half = n // 2
        print("(a) raw publish loop, no confirms: first half ...", flush=True)
        first = raw_baseline(params, prefix, envelopes[:half], bodies[:half])
        print("(b) outbox relay ...", flush=True)
        relayed, relay_cpu = run_relay(config, database, models.outbox, n, args.timeout)
        connection = pika.BlockingConnection(params)
        routed = wait_count(connection.channel(), topology.queue(config, "orgs"), n)
        connection.close()
        print(f"  relay: {relayed:,.0f} msg/s; {routed}/{n} messages in {topology.queue(config, 'orgs')}")
        delete_topology(params, config)  # the raw second half must not share the broker with them
        print("(a) raw publish loop, no confirms: second half ...", flush=True)
        second = raw_baseline(params, prefix, envelopes[half:], bodies[half:])
        raw, raw_cpu = n / (first[0] + second[0]), (first[1] + second[1]) / n
    finally:
        database.close()
        delete_topology(params, config)
        drop()
        tmp.cleanup()
    ratio = relayed / raw
    passed = ratio >= TARGET
    # CPU time of this process per message (wall rates swing with other load on a shared box).
    print(f"\nraw   {raw:10,.0f} msg/s   {raw_cpu * 1e6:6.0f} us CPU/msg (client)\n"
          f"relay {relayed:10,.0f} msg/s   {relay_cpu * 1e6:6.0f} us CPU/msg (client)\n"
          f"ratio {ratio:10.1%}  (target >= {TARGET:.0%}): {'PASS' if passed else 'BELOW'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
