"""Authenticated GET on billing against a bare Flask app, both under deploy/gunicorn.conf.py.

    .venv/bin/python -m bench.auth_get [--workers 2] [--seconds 10] [--connections 8]

Starts identity (tokens, JWKS), billing and bench/bare_app.py with gunicorn, seeds one
billing account, gets an operator token, then loads GET /v1/bare and
GET /v1/billing-accounts/<id> (JWT verify + DB read + schema dump) with the same client:
wrk when installed (apt-get install wrk), else Python threads. Target: auth >= 50 % of bare.
"""
import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script or with -m

from bench.common import bench_databases, cleanup, free_port, wait_until  # noqa: E402
from bench.load import server_cpu, threads, wrk  # noqa: E402
from services.billing import app as billing_app, service as billing_service  # noqa: E402

TARGET = 0.50


def healthy(url):
    try:
        return requests.get(url + "/healthz", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def wait_up(name, process, url):
    wait_until(lambda: process.poll() is not None or healthy(url), 120, f"{name} /healthz")
    if process.poll() is not None:  # e.g. "Worker failed to boot": say so now, not after 120 s
        raise SystemExit(f"{name} exited ({process.returncode}) before answering /healthz")


def start(app, port, workers, env, logdir, launcher=("-m", "gunicorn")):
    argv = [sys.executable, *launcher, "--config", str(ROOT / "deploy/gunicorn.conf.py"),
            "--workers", str(workers), "--bind", f"127.0.0.1:{port}", app]
    log = open(logdir / f"{app.split(':')[0]}.log", "ab")
    # Own session: a Ctrl-C reaches only the bench, which then stops them in order.
    return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--seconds", type=int, default=10, help="load per endpoint, in all (after warm-up)")
    parser.add_argument("--rounds", type=int, default=5, help="alternate bare/auth this many times")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8, help="concurrent keep-alive connections")
    parser.add_argument("--amqp-url", default=os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"))
    parser.add_argument("--database-url", help="postgresql://... server: fresh databases are made there "
                                               "(default: SQLite files in a temp dir)")
    parser.add_argument("--client", choices=["auto", "wrk", "threads"], default="auto")
    args = parser.parse_args()
    load = threads if args.client == "threads" or (args.client == "auto" and not shutil.which("wrk")) else wrk
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally: below on kill too

    tmp = Path(tempfile.mkdtemp(prefix="bench-auth-"))
    ports = {name: free_port() for name in ("identity", "billing", "bare")}
    url = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    prefix = f"bench{secrets.token_hex(4)}"
    drops = []
    db_urls = bench_databases(("identity", "billing"), args.database_url, prefix, tmp, drops)
    env = {**os.environ, "VAR_DIR": str(tmp / "var"), "AMQP_URL": args.amqp_url, "AMQP_PREFIX": prefix,
           "ISSUER": url["identity"], "IDENTITY_URL": url["identity"], "BILLING_URL": url["billing"],
           "LOG_LEVEL": "WARNING", "ACCESS_TOKEN_TTL": "3600", "PYTHONUNBUFFERED": "1"}
    processes = []
    with cleanup(processes, drops, tmp):
        print(f"{args.workers} gunicorn workers per app; logs in {tmp}; client: {load.__name__}", flush=True)

        def spawn(app, name, launcher=("-m", "gunicorn")):
            processes.append(start(app, ports[name], args.workers,
                                   {**env, "DATABASE_URL": db_urls.get(name, "")}, tmp, launcher))

        spawn("services.identity.wsgi:app", "identity")  # first: it writes keys and secrets
        wait_up("identity", processes[0], url["identity"])
        spawn("services.billing.wsgi:app", "billing")
        spawn("bench.bare_app:app", "bare")
        for name, process in (("billing", processes[1]), ("bare", processes[2])):
            wait_up(name, process, url[name])

        # Seed one account through the real use case, in billing's database.
        config = billing_app.make_config(DATABASE_URL=db_urls["billing"], VAR_DIR=env["VAR_DIR"])
        database, org_id = billing_app.init_database(config), uuid.uuid4()
        billing_service.open_billing_account(org_id, "CHF")
        database.close()
        secret = (tmp / "var/secrets/operator").read_text().strip()
        response = requests.post(url["identity"] + "/oauth/token", data={"grant_type": "client_credentials"},
                                 auth=("operator", secret), timeout=10)
        response.raise_for_status()
        token = response.json()["access_token"]

        targets = {"bare": (url["bare"] + "/v1/bare", None, processes[2].pid),
                   "auth": (f"{url['billing']}/v1/billing-accounts/{org_id}", token, processes[1].pid)}
        for name, (target, bearer, _pid) in targets.items():
            check = requests.get(target, headers={"Authorization": f"Bearer {bearer}"} if bearer else {}, timeout=10)
            assert check.status_code == 200, f"{target}: {check.status_code} {check.text}"
            print(f"{name}: {target}; warm-up {args.warmup}s", flush=True)
            load(target, bearer, args.connections, args.warmup)  # JWKS fetch, DB connect, imports
        # Short alternating rounds, so load from elsewhere on a shared machine hits both alike.
        rounds = max(1, args.rounds)
        step = max(1, round(args.seconds / rounds))  # whole seconds: wrk's -d takes no fractions
        print(f"{rounds} rounds of {step:g}s per endpoint, {args.connections} connections", flush=True)
        totals = {name: [0, 0.0, 0.0, 0.0] for name in targets}  # requests, p50*n, p99*n, CPU s
        for i in range(rounds):
            for name, (target, bearer, pid) in targets.items():
                cpu = server_cpu(pid)
                _rate, p50, p99, count = load(target, bearer, args.connections, step)
                total = totals[name]
                total[0] += count
                total[1] += p50 * count
                total[2] += p99 * count
                total[3] += server_cpu(pid) - cpu
            print(f"  round {i + 1}/{rounds} done", flush=True)
        # Percentiles: the request-weighted mean of the rounds' (close for rounds this alike).
        results = {name: (n / (step * rounds), p50 / n, p99 / n, cpu / n * 1e3)
                   for name, (n, p50, p99, cpu) in totals.items()}

    print(f"\n{'':5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'server CPU ms/req':>18}")
    for name, (rate, p50, p99, cpu) in results.items():
        print(f"{name:5} {rate:9,.0f} {p50:8.2f} {p99:8.2f} {cpu:18.2f}")
    ratio = results["auth"][0] / results["bare"][0]
    # Server CPU per request hardly moves with other load on the machine; the ratio of the two is
    # the auth/bare capacity ratio if the app servers had the cores to themselves (no wrk, no kernel).
    print(f"CPU-per-request ratio bare/auth {results['bare'][3] / results['auth'][3]:.1%} (for information)")
    print(f"ratio auth/bare {ratio:.1%} (target >= {TARGET:.0%}): {'PASS' if ratio >= TARGET else 'BELOW'}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
