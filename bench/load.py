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
