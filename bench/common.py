"""Small helpers shared by the benchmarks (the benches never import from tests/)."""
import socket
import time
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
