"""Logins/s (argon2id) and client-credentials tokens/s on identity under deploy/gunicorn.conf.py.

    .venv/bin/python bench/identity_rates.py [--amqp-url ...] [--seconds 10] [--rounds 2]
        [--login-threads 4] [--connections 8]

Seeds verified accounts with signup.register_account(verified=True), then alternates rounds of
(a) POST /login (CSRF token from GET /login, one requests.Session per thread, expects 303):
target >= 15 logins/s per core; (b) POST /oauth/token grant_type=client_credentials with the
operator's HTTP basic auth (wrk + Lua): target >= 300 tokens/s on the machine (2 cores).
Also holds the load helpers bench/access_check.py uses (wrk with a Lua body mix, open loop).
"""
import argparse
import base64
import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOGIN_TARGET_PER_CORE, TOKEN_TARGET = 15.0, 300.0


def wrk_lua(url, bodies, headers, connections, seconds, tmp):
    """wrk; with `bodies`, a POST rotating through them (a Lua script, one rotation per wrk thread)."""
    argv = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", url]
    if bodies:
        script = Path(tmp) / "bodies.lua"
        items = ",\n".join(f"[==[{b}]==]" for b in bodies)
        script.write_text(f'wrk.method = "POST"\nlocal bodies = {{{items}}}\nlocal i = 0\n'
                          "request = function()\n  i = i % #bodies + 1\n"
                          "  return wrk.format(nil, nil, nil, bodies[i])\nend\n")
        argv[1:1] = ["-s", str(script)] + [a for k, v in headers.items() for a in ("-H", f"{k}: {v}")]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    # Failures are counted, not fatal: the caller reports them (a 500 under load is a finding).
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))

    def latency(pct):  # wrk prints e.g. "     99%    1.23ms"
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]
    count = int(re.search(r"(\d+) requests in", out).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), latency(50), latency(99), count, errors


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1e3 if values else float("nan")


def open_loop(url, bodies, headers, rate, seconds, threads=32):
    """Constant-rate POSTs: request i is due at start + i/rate whatever happened before, and its
    latency counts from that due time, so a stalled server shows up (no coordinated omission)."""
    target, lock, state = urlparse(url), threading.Lock(), {"next": 0}
    latencies, failures, late = [], [], [0]
    start = time.perf_counter() + 0.2
    total = int(rate * seconds)

    def sender():
        while True:
            with lock:
                i = state["next"]
                state["next"] += 1
            if i >= total:
                return
            due = start + i / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            elif pause < -0.001:
                late[0] += 1  # every sender busy: the load generator itself fell behind
            # A new connection per request, as gunicorn's sync worker closes it after each response.
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
            try:
                connection.request("POST", target.path, body=bodies[i % len(bodies)], headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except OSError as error:
                status = str(error)
            finally:
                connection.close()
            done = time.perf_counter()
            with lock:
                latencies.append(done - due)
                if status != 200:
                    failures.append(status)

    workers = [threading.Thread(target=sender, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=seconds + 60)  # bounded: a wedged server ends the bench, not hangs it
    elapsed = max(time.perf_counter() - start, 1e-9)
    return (len(latencies) / elapsed, percentile(latencies, 0.50), percentile(latencies, 0.99), late[0],
            len(failures), sorted(set(map(str, failures)))[:5])


def login_load(url, accounts, threads, seconds):
    """Each thread is one browser: a Session with its CSRF cookie, logging in again and again."""
    deadline, latencies, failures = time.monotonic() + seconds, [], []

    def browser(email, password):
        session, mine = requests.Session(), []
        page = session.get(url + "/login", timeout=10).text
        token = re.search(r'name="csrf_token"\s+value="([^"]+)"', page).group(1)
        form = {"email": email, "password": password, "csrf_token": token}
        while time.monotonic() < deadline:
            t = time.perf_counter()
            response = session.post(url + "/login", data=form, allow_redirects=False, timeout=30)
            mine.append(time.perf_counter() - t)
            if response.status_code != 303:
                failures.append(response.status_code)
        latencies.extend(mine)

    workers = [threading.Thread(target=browser, args=accounts[i % len(accounts)]) for i in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=seconds + 60)
    if failures:
        raise SystemExit(f"{len(failures)} failed logins: {sorted(set(failures))}")
    return len(latencies), time.monotonic() - started, latencies


def main():
    from bench.auth_get import start, wait_up
    from bench.common import bench_databases, cleanup, free_port
    from bench.load import server_cpu
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10, help="load per measurement, in all")
    parser.add_argument("--rounds", type=int, default=2, help="alternate logins/tokens this many times")
    parser.add_argument("--login-threads", type=int, default=4, help="concurrent browsers logging in")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections for tokens")
    parser.add_argument("--amqp-url", default=os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5694/%2F"))
    parser.add_argument("--database-url", help="postgresql://... server (default: SQLite in a temp dir)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    tmp = Path(tempfile.mkdtemp(prefix="bench-identity-"))
    port, prefix = free_port(), f"bench{secrets.token_hex(4)}"
    url, drops, processes = f"http://127.0.0.1:{port}", [], []
    with cleanup(processes, drops, tmp):
        db_url = bench_databases(("identity",), args.database_url, prefix, tmp, drops)["identity"]
        env = {**os.environ, "VAR_DIR": str(tmp / "var"), "AMQP_URL": args.amqp_url, "AMQP_PREFIX": prefix,
               "ISSUER": url, "IDENTITY_URL": url, "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
               "DATABASE_URL": db_url, "LOGIN_FAILURES_PER_IP": "1000000", "LOGIN_FAILURES_PER_ACCOUNT": "1000000"}
        # Seed first, in this process (argon2 hashes here, not in the measured workers).
        from services.identity import app as identity_app, signup
        config = identity_app.make_config(DATABASE_URL=db_url, VAR_DIR=env["VAR_DIR"])
        database = identity_app.init_database(config)
        accounts = [(f"bench{i}@bench.test", f"Bench-pass-{i}-{secrets.token_hex(4)}") for i in range(8)]
        for i, (email, password) in enumerate(accounts):
            signup.register_account(config, email, password, "Bench", f"User{i}", verified=True)
        database.close()
        processes.append(start("services.identity.wsgi:app", port, args.workers, env, tmp))
        wait_up("identity", processes[0], url)
        secret = (tmp / "var/secrets/operator").read_text().strip()
        basic = base64.b64encode(f"operator:{secret}".encode()).decode()
        headers = {"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"}
        body = ["grant_type=client_credentials"]
        check = requests.post(url + "/oauth/token", data=body[0], headers=headers, timeout=10)
        assert check.status_code == 200, check.text
        login_load(url, accounts, args.login_threads, 2)  # warm-up: imports, first device rows
        wrk_lua(url + "/oauth/token", body, headers, args.connections, 2, tmp)
        rounds, step = max(1, args.rounds), max(1, round(args.seconds / max(1, args.rounds)))
        print(f"{rounds} rounds of {step}s each; {args.login_threads} login threads, "
              f"{args.connections} wrk connections; {os.cpu_count()} cores", flush=True)
        logins, login_time, login_lat, login_cpu = 0, 0.0, [], 0.0
        tokens, tok_p50, tok_p99, tok_cpu = 0, 0.0, 0.0, 0.0
        pid = processes[0].pid
        for _ in range(rounds):
            cpu = server_cpu(pid)
            n, elapsed, lat = login_load(url, accounts, args.login_threads, step)
            login_cpu += server_cpu(pid) - cpu
            logins, login_time, login_lat = logins + n, login_time + elapsed, login_lat + lat
            cpu = server_cpu(pid)
            _rate, p50, p99, n, errors = wrk_lua(url + "/oauth/token", body, headers, args.connections, step, tmp)
            if errors:
                raise SystemExit(f"{errors} failed token requests")
            tok_cpu += server_cpu(pid) - cpu
            tokens, tok_p50, tok_p99 = tokens + n, tok_p50 + p50 * n, tok_p99 + p99 * n

    login_rate, per_core = logins / login_time, logins / login_time / os.cpu_count()
    token_rate = tokens / (step * rounds)
    print(f"\nlogins: {login_rate:.1f}/s = {per_core:.1f}/s per core, p50 {percentile(login_lat, .5):.1f} ms, "
          f"p99 {percentile(login_lat, .99):.1f} ms, server CPU {login_cpu / logins * 1e3:.1f} ms/login")
    print(f"tokens: {token_rate:,.0f}/s, p50 {tok_p50 / tokens:.2f} ms, p99 {tok_p99 / tokens:.2f} ms, "
          f"server CPU {tok_cpu / tokens * 1e3:.2f} ms/token")
    # Per CPU-second of the server: what one core could do if nothing else ran (for information;
    # the targets use wall-clock rates, which other load on a shared machine pulls down).
    print(f"capacity per server CPU-second: {logins / login_cpu:.1f} logins, {tokens / tok_cpu:,.0f} tokens")
    ok_login, ok_token = per_core >= LOGIN_TARGET_PER_CORE, token_rate >= TOKEN_TARGET
    print(f"logins per core {per_core:.1f}/s (target >= {LOGIN_TARGET_PER_CORE:g}): {'PASS' if ok_login else 'BELOW'}")
    print(f"tokens {token_rate:,.0f}/s (target >= {TOKEN_TARGET:g}): {'PASS' if ok_token else 'BELOW'}")
    return 0 if ok_login and ok_token else 1


if __name__ == "__main__":
    sys.exit(main())
