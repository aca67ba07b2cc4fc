"""Small helpers shared by the benchmarks (the benches never import from tests/)."""
import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from urllib.parse import urlparse, urlunparse


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise SystemExit(f"timed out after {timeout:.0f}s waiting for {what}")


def fresh_postgres(base_url, name):
    """CREATE DATABASE `name` on base_url's server: (its URL, a function that drops it)."""
    import psycopg2

    def admin(sql):
        connection = psycopg2.connect(base_url)
        connection.autocommit = True  # CREATE/DROP DATABASE refuse to run in a transaction
        with connection.cursor() as cursor:
            cursor.execute(sql)
        connection.close()

    admin(f'CREATE DATABASE "{name}"')
    # FORCE: a relay thread or a killed worker may still hold a connection.
    return urlunparse(urlparse(base_url)._replace(path=f"/{name}")), \
        lambda: admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_databases(services, database_url, prefix, tmp, drops):
    """Each service's database URL: a fresh PostgreSQL database on `database_url` (its drop
    appended to `drops`), else a SQLite file in `tmp`."""
    urls = {}
    for service in services:
        if database_url:
            urls[service], drop = fresh_postgres(database_url, f"{prefix}_{service}")
            drops.append(drop)
        else:
            urls[service] = f"sqlite:///{tmp}/{service}.db"
    return urls


def stop(processes):
    for process in processes:
        process.send_signal(signal.SIGTERM)  # gunicorn: graceful stop of master and workers
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def cleanup(processes, drops, tmp):
    """However a bench ends: stop its servers, drop its databases, remove its temp dir; on an
    error, first show the last lines of each server log (they go with the temp dir)."""
    try:
        yield
    except BaseException:
        for log in sorted(tmp.glob("*.log")):
            print(f"--- last lines of {log.name}:\n" + "".join(log.read_text(errors="replace").splitlines(True)[-15:]))
        raise
    finally:
        stop(processes)
        for drop in drops:
            drop()
        shutil.rmtree(tmp, ignore_errors=True)


def print_profile(run, what, top):
    """cProfile of `run()`: the `top` functions by cumulative time, then 15 by own time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    print(f"\ncProfile of {what}, by cumulative time:")
    stats.print_stats(top)
    stats.sort_stats("tottime").print_stats(15)
