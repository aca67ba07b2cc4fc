"""The access check for partner users (issue 11, item 11), beside a direct member, same run.

    .venv/bin/python bench/delegated_access.py [--amqp-url ...] [--database-url postgresql://...]
        [--seconds 10] [--rounds 5] [--connections 8] [--open-seconds 10] [--processes 3] [--approvals 30]

Starts identity, orgs (web and worker), and bench/ladder_app.py; seeds access_check.py's 200
organizations, then a partner with 50 clients: each client a link (limited: its first product
technical, its second statistics) and the partner's collaborator assigned to it (PA7), and a
direct collaborator of the client granted the same products (OR6). Then, against one orgs:

(a) saturation (wrk, alternating rounds) of single checks by the direct member and by the
    partner user (the same actions and products: reads and audited writes), server CPU per check
    of each: target delegated <= 1.3 x direct; then each at 50 % of its saturation rate from an
    open-loop generator of several processes, target p99 <= 15 ms;
(b) the batch form (`POST /v1/access/check-batch`) over the partner's 50 clients in one call,
    at 50 % of its saturation: target p99 <= 25 ms;
(c) the delegated single check against the framework floor (ladder's `/v1/validated`: token
    verified, body validated, no decision): target >= 75 % of its req/s;
(d) from a client's approval (`partner.link.approved` published to the real RabbitMQ, consumed
    by orgs' worker) to the partner user's first allowed check: target p95 <= 500 ms;
(e) every open loop prints its late sends (started > 1 ms after their due time): a p99 counts
    only when they are about 0.
"""
import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.access_check import seed as seed_population  # noqa: E402
from bench.auth_get import start, wait_up  # noqa: E402
from bench.common import bench_databases, cleanup, free_port, wait_until  # noqa: E402
from bench.identity_rates import wrk_lua  # noqa: E402
from bench.load import open_loop_processes, server_cpu  # noqa: E402

CPU_RATIO_TARGET, P99_TARGET_MS, BATCH_P99_TARGET_MS, FLOOR_TARGET, APPROVAL_P95_TARGET_MS = 1.3, 15.0, 25.0, 0.75, 500
CLIENTS = 50


def seed_partner(db_url, var_dir, clients=CLIENTS, pending=30):
    """A partner (legal representative, collaborator), `clients` linked clients each with a direct
    collaborator, and `pending` clients whose link is not approved yet (the collaborator already
    assigned): the bodies of (a) and (b), and what (d) approves."""
    from services.orgs import app as orgs_app, service
    from services.orgs.models import DelegatedAssignment, DelegatedGrant, Membership, db
    database = orgs_app.init_database(orgs_app.make_config(DATABASE_URL=db_url, VAR_DIR=var_dir))
    legal, staff = uuid.uuid4(), uuid.uuid4()
    partner = service.create_organization("Partner", "company", "CHF", legal, email="legal@partner.test").id
    Membership.create(organization=partner, account_id=staff, role="collaborator", email="staff@partner.test")
    linked, waiting = [], []
    for i in range(clients + pending):
        org = service.create_organization(f"Client {i}", "company", "CHF", uuid.uuid4(), email=f"c{i}@client.test").id
        products, direct, link = [str(uuid.uuid4()) for _ in range(3)], uuid.uuid4(), uuid.uuid4()
        with db.atomic():
            Membership.create(organization=org, account_id=direct, role="collaborator", email=f"d{i}@client.test",
                              product_ids=products[:2])
            DelegatedAssignment.create(id=uuid.uuid4(), link_id=link, account_id=staff, products=None, version=1)
            if i < clients:
                DelegatedGrant.create(id=link, partner_organization_id=partner, client_organization_id=org,
                                      scope="limited", version=1, products={
                                          products[0]: {"technical": True, "statistics": False},
                                          products[1]: {"technical": False, "statistics": True}})
        (linked if i < clients else waiting).append((org, products, direct, link))
    database.close()
    return partner, staff, linked, waiting


def check(subject, action, org, product=None):
    return {"subject": str(subject), "action": action, "organization_id": str(org),
            **({"product_id": product} if product else {})}


def bodies_of(subject_of, linked):
    """The same mix for either subject: per client a read and a write of the technical product,
    a read of the statistics one (3 reads : 1 audited write, all allowed)."""
    out = []
    for org, products, direct, _link in linked:
        subject = subject_of(direct)
        out += [check(subject, "product.read", org, products[0]), check(subject, "product.manage", org, products[0]),
                check(subject, "product.read", org, products[1]), check(subject, "organization.read", org)]
    return [json.dumps(b) for b in out]


def consuming(amqp_url, prefix):
    """True once orgs' worker consumes its queue (declared and bound by the worker itself)."""
    import pika

    from services.common import topology
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        declared = connection.channel().queue_declare(topology.queue({"AMQP_PREFIX": prefix}, "orgs"), passive=True)
        return declared.method.consumer_count > 0
    except pika.exceptions.ChannelClosedByBroker:  # not declared yet
        return False
    finally:
        if connection.is_open:
            connection.close()


def approval_latencies(amqp_url, prefix, check_url, headers, partner, staff, waiting):
    """(d): publish each pending link's approval, then ask the check until it allows."""
    import pika

    from services.common import topology
    from services.common.events import make_envelope
    from services.partner.events import PRODUCED

    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    session, latencies = requests.Session(), []
    for org, products, _direct, link in waiting:
        state = {"link_id": link, "version": 2, "partner_organization_id": partner, "client_organization_id": org,
                 "status": "active", "scope": "full", "products": None, "billing": True, "payer": "client",
                 "ends_at": None, "auto_extend": False, "actor_id": uuid.uuid4(), "side": "client"}
        envelope = make_envelope("partner.link.approved", "partner", state, produced=PRODUCED)
        body = check(staff, "product.read", org, products[2])
        started = time.monotonic()
        channel.basic_publish(topology.exchange({"AMQP_PREFIX": prefix}), envelope["type"], json.dumps(envelope),
                              pika.BasicProperties(message_id=str(envelope["id"]), delivery_mode=2))
        while True:
            answer = session.post(check_url, json=body, headers=headers, timeout=10)
            if answer.status_code == 200 and answer.json()["decision"] == "allow":
                latencies.append((time.monotonic() - started) * 1e3)
                break
            if time.monotonic() - started > 30:
                raise SystemExit(f"no allowed check 30 s after approving link {link}: {answer.text[:200]}")
    connection.close()
    latencies.sort()
    return latencies


def saturate(targets, connections, seconds, rounds, headers, tmp):
    """wrk over each target in turn, `rounds` times: {name: (req/s, p50, p99, server CPU ms/req, errors)}."""
    for url, payload, _pid in targets.values():
        wrk_lua(url, payload, headers, connections, 2, tmp)  # warm-up
    step, totals = max(1, round(seconds / rounds)), {name: [0, 0.0, 0.0, 0.0, 0] for name in targets}
    for _ in range(rounds):
        for name, (url, payload, pid) in targets.items():
            cpu = server_cpu(pid)
            _rate, p50, p99, count, errors = wrk_lua(url, payload, headers, connections, step, tmp)
            total = totals[name]
            total[0] += count
            total[1] += p50 * count
            total[2] += p99 * count
            total[3] += server_cpu(pid) - cpu
            total[4] += errors
    return {name: (n / (step * rounds), p50 / n, p99 / n, cpu / n * 1e3, errors)
            for name, (n, p50, p99, cpu, errors) in totals.items()}


def verdict(ok):
    return "PASS" if ok else "BELOW"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10, help="saturation load per endpoint, in all")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--open-seconds", type=int, default=10, help="each open loop at half saturation")
    parser.add_argument("--processes", type=int, default=3, help="open-loop generator processes")
    parser.add_argument("--approvals", type=int, default=30, help="links approved for (d)")
    parser.add_argument("--amqp-url", default=os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5694/%2F"))
    parser.add_argument("--database-url", help="postgresql://... server (default: SQLite in a temp dir)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally: on kill too

    tmp = Path(tempfile.mkdtemp(prefix="bench-delegated-"))
    ports = {name: free_port() for name in ("identity", "orgs", "ladder")}
    url = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    prefix = f"bench{secrets.token_hex(4)}"
    drops, processes = [], []
    env = {**os.environ, "VAR_DIR": str(tmp / "var"), "AMQP_URL": args.amqp_url, "AMQP_PREFIX": prefix,
           "ISSUER": url["identity"], "IDENTITY_URL": url["identity"], "ORGS_URL": url["orgs"],
           "LOG_LEVEL": "WARNING", "ACCESS_TOKEN_TTL": "3600", "PYTHONUNBUFFERED": "1",
           "OAUTH_EXTRA_CLIENTS": json.dumps({"bench": ["orgs:access-check"]}),
           "LADDER_DATABASE_URL": f"sqlite:///{tmp}/ladder.db"}
    with cleanup(processes, drops, tmp):
        db_urls = bench_databases(("identity", "orgs"), args.database_url, prefix, tmp, drops)
        print(f"{args.workers} gunicorn workers per app; {args.processes} generator processes; logs in {tmp}",
              flush=True)

        def spawn(app, name):
            processes.append(start(app, ports[name], args.workers, {**env, "DATABASE_URL": db_urls.get(name, "")}, tmp))
            return processes[-1]
        wait_up("identity", spawn("services.identity.wsgi:app", "identity"), url["identity"])
        seed_population(db_urls["orgs"], env["VAR_DIR"])
        partner, staff, linked, waiting = seed_partner(db_urls["orgs"], env["VAR_DIR"], pending=args.approvals)
        orgs, ladder = spawn("services.orgs.wsgi:app", "orgs"), spawn("bench.ladder_app:app", "ladder")
        worker_log = open(tmp / "orgs-worker.log", "ab")
        processes.append(subprocess.Popen([sys.executable, "-m", "services.orgs", "worker"], cwd=ROOT,
                                          env={**env, "DATABASE_URL": db_urls["orgs"]}, stdout=worker_log,
                                          stderr=worker_log, start_new_session=True))
        wait_up("orgs", orgs, url["orgs"])
        wait_up("ladder", ladder, url["ladder"])
        secret = (tmp / "var/secrets/bench").read_text().strip()
        response = requests.post(url["identity"] + "/oauth/token", auth=("bench", secret), timeout=10,
                                 data={"grant_type": "client_credentials", "scope": "orgs:access-check"})
        response.raise_for_status()
        headers = {"Authorization": f"Bearer {response.json()['access_token']}", "Content-Type": "application/json"}
        check_url = url["orgs"] + "/v1/access/check"

        direct = bodies_of(lambda member: member, linked)
        delegated = bodies_of(lambda _member: staff, linked)
        batch = [json.dumps({"checks": [check(staff, "product.read", org, products[0])
                                        for org, products, _d, _l in linked]})]
        for body in direct + delegated:  # each body once: all allowed, the partner user's through the link
            decision = requests.post(check_url, data=body, headers=headers, timeout=10).json()
            through_link = (decision.get("via") or {}).get("kind") == "delegation"
            if decision["decision"] != "allow" or through_link != (json.loads(body)["subject"] == str(staff)):
                raise SystemExit(f"unexpected decision for {body}: {decision}")
        decisions = requests.post(check_url + "-batch", data=batch[0], headers=headers, timeout=10).json()
        if [d["decision"] for d in decisions] != ["allow"] * len(linked):
            raise SystemExit(f"unexpected batch decisions: {decisions}")
        print(f"{len(direct)} direct and {len(delegated)} delegated bodies allowed as expected; batch of "
              f"{len(linked)} allowed", flush=True)

        targets = {"floor": (url["ladder"] + "/v1/validated", delegated, ladder.pid),
                   "direct": (check_url, direct, orgs.pid), "delegated": (check_url, delegated, orgs.pid),
                   f"batch x{len(linked)}": (check_url + "-batch", batch, orgs.pid)}
        print(f"saturation: {args.rounds} rounds, {args.connections} connections", flush=True)
        results = saturate(targets, args.connections, args.seconds, args.rounds, headers, tmp)
        opened = {}
        for name, payload in (("direct", direct), ("delegated", delegated), (f"batch x{len(linked)}", batch)):
            rate = results[name][0] / 2
            print(f"open loop {name}: {rate:.0f} req/s (50 % of saturation) for {args.open_seconds}s", flush=True)
            target = check_url + ("-batch" if name.startswith("batch") else "")
            opened[name] = open_loop_processes(target, payload, headers, rate, args.open_seconds, args.processes)
        print(f"(d) approving {len(waiting)} links through RabbitMQ", flush=True)
        wait_until(lambda: consuming(args.amqp_url, prefix), 60, "orgs' worker consuming its queue")
        approvals = approval_latencies(args.amqp_url, prefix, check_url, headers, partner, staff, waiting)

    print(f"\n{'':12} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms/req':>11}   open loop at 50 %: "
          f"req/s  p50   p99  late sends  failed")
    for name, (rate, p50, p99, cpu, _errors) in results.items():
        loop = opened.get(name)
        tail = (f"{loop['rate']:7.0f} {loop['p50']:5.2f} {loop['p99']:6.2f} {loop['late']:6d} {loop['failed']:6d}"
                if loop else "")
        print(f"{name:12} {rate:8.0f} {p50:7.2f} {p99:7.2f} {cpu:11.3f}   {tail}")
    batch_name = f"batch x{len(linked)}"
    cpu_ratio = results["delegated"][3] / results["direct"][3]
    floor = results["delegated"][0] / results["floor"][0]
    p95 = approvals[min(len(approvals) - 1, int(0.95 * len(approvals)))]
    errors = sum(r[4] for r in results.values()) + sum(loop["failed"] for loop in opened.values())
    late = {name: loop["late"] for name, loop in opened.items()}
    kept = all(n <= max(5, loop["sent"] // 1000) for n, loop in zip(late.values(), opened.values()))
    checks = [
        ("(a) server CPU per check delegated / direct", f"{cpu_ratio:.2f}x (target <= {CPU_RATIO_TARGET}x)",
         cpu_ratio <= CPU_RATIO_TARGET),
        ("(a) p99 at half saturation, delegated", f"{opened['delegated']['p99']:.2f} ms (direct "
         f"{opened['direct']['p99']:.2f}; target <= {P99_TARGET_MS:g} ms)", opened["delegated"]["p99"] <= P99_TARGET_MS),
        (f"(b) p99 of the batch of {len(linked)} at half saturation", f"{opened[batch_name]['p99']:.2f} ms (target <= "
         f"{BATCH_P99_TARGET_MS:g} ms)", opened[batch_name]["p99"] <= BATCH_P99_TARGET_MS),
        ("(c) delegated single check / framework floor", f"{floor:.1%} (direct "
         f"{results['direct'][0] / results['floor'][0]:.1%}; target >= {FLOOR_TARGET:.0%})", floor >= FLOOR_TARGET),
        ("(d) approval -> first allowed check, p95", f"{p95:.0f} ms (p50 {approvals[len(approvals) // 2]:.0f}, max "
         f"{approvals[-1]:.0f}; {len(approvals)} approvals; target <= {APPROVAL_P95_TARGET_MS} ms)",
         p95 <= APPROVAL_P95_TARGET_MS),
        ("(e) the generator kept its schedule", f"late sends {late} (a p99 counts only when ~0)", kept),
        ("failed requests", f"{errors} (must be 0)", errors == 0),
    ]
    for what, figure, ok in checks:
        print(f"{what}: {figure}: {verdict(ok)}")
    return 0 if all(ok for _w, _f, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
