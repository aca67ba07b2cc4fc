"""Load generators for bench/auth_get.py: wrk (more accurate on 2 cores) or Python threads,
and the server-side CPU time per request read from /proc."""
import os
import re
import subprocess
import threading
import time
from pathlib import Path

import requests


def server_cpu(pid):
    """CPU seconds used so far by a gunicorn master and its workers (/proc): unlike req/s,
    hardly moved by whatever else runs on a shared 2-core machine."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (comm)"
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def wrk(url, token, connections, seconds, headers=None):
    """wrk's req/s, p50 and p99 (ms) and request count; `headers` ({name: value}) on every request."""
    argv = ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s", "--latency", url]
    if token:
        argv[1:1] = ["-H", f"Authorization: Bearer {token}"]
    for name, value in (headers or {}).items():
        argv[1:1] = ["-H", f"{name}: {value}"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors or "Socket errors" in out:
        raise SystemExit(f"wrk saw failures on {url}:\n{out}")

    def latency(pct):  # wrk prints e.g. "     50%    1.23ms"
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]

    count = int(re.search(r"(\d+) requests in", out).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), latency(50), latency(99), count


def threads(url, token, connections, seconds):
    """Fallback load generator: one keep-alive requests.Session per thread."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    deadline = time.monotonic() + seconds
    latencies, failures = [], []

    def client():
        session, mine = requests.Session(), []
        while time.monotonic() < deadline:
            t = time.perf_counter()
            response = session.get(url, headers=headers, timeout=10)
            mine.append(time.perf_counter() - t)
            if response.status_code != 200:
                failures.append(response.status_code)
        latencies.extend(mine)

    workers = [threading.Thread(target=client) for _ in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise SystemExit(f"{len(failures)} failed requests on {url}: {sorted(set(failures))}")
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1e3  # noqa: E731
    return len(latencies) / seconds, pick(0.50), pick(0.99), len(latencies)


def open_loop_processes(url, bodies, headers, rate, seconds, processes=3, threads=16, late_ms=1.0):
    """Constant-rate POSTs from several processes, so that the generator keeps its schedule
    where one Python process (its GIL) falls behind: request i is due at start + i/rate and is
    sent by process i % processes; its latency counts from that due time (no coordinated
    omission). A send that starts more than `late_ms` after its due time is counted late:
    a p99 counts only when late sends are about 0. Returns {rate, p50, p99, late, failed,
    statuses, sent} (ms)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    start = time.monotonic() + 0.5  # CLOCK_MONOTONIC: the same clock in every process
    results = context.Queue()
    workers = [context.Process(target=_open_loop_share, daemon=True,
                               args=(url, bodies, headers, rate, seconds, start, share, processes, threads,
                                     late_ms, results)) for share in range(processes)]
    for worker in workers:
        worker.start()
    shares = [results.get(timeout=seconds + 90) for _ in workers]
    for worker in workers:
        worker.join(timeout=10)
    latencies = sorted(latency for share in shares for latency in share["latencies"])
    elapsed = max(max(share["finished"] for share in shares) - start, 1e-9)
    failures = [status for share in shares for status in share["failures"]]
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1e3 if latencies else float("nan")  # noqa: E731
    return {"rate": len(latencies) / elapsed, "p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99),
            "late": sum(share["late"] for share in shares), "failed": len(failures),
            "statuses": sorted(set(map(str, failures)))[:5], "sent": len(latencies)}


def _open_loop_share(url, bodies, headers, rate, seconds, start, share, processes, threads, late_ms, results):
    """One process's share of the schedule: requests share, share + processes, ... by `threads`."""
    import http.client
    from urllib.parse import urlparse

    target, lock = urlparse(url), threading.Lock()
    mine = iter(range(share, int(rate * seconds), processes))
    latencies, failures, late = [], [], [0]

    def sender():
        while True:
            with lock:
                i = next(mine, None)
            if i is None:
                return
            due = start + i / rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            elif pause < -late_ms / 1e3:
                late[0] += 1  # every sender of this process busy: the generator fell behind
            # A new connection per request: gunicorn's sync worker closes it after each response.
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
            done = time.monotonic()
            with lock:
                latencies.append(done - due)
                if status != 200:
                    failures.append(status)

    pool = [threading.Thread(target=sender, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=seconds + 60)
    results.put({"latencies": latencies, "failures": failures, "late": late[0], "finished": time.monotonic()})
