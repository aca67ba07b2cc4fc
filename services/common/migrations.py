"""Versioned migrations: each service lists numbered steps; start-up applies the missing ones.

Each step runs in one transaction together with its version row, under a lock (an
advisory lock on PostgreSQL, an immediate transaction on SQLite), so several processes
starting at once apply each step exactly once.
"""
import logging
import zlib
from contextlib import contextmanager

from . import db as dbmod

log = logging.getLogger(__name__)

CREATE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, "
    "applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)"
)


@contextmanager
def _exclusive(database, service):
    if dbmod.is_postgres(database):
        with database.atomic():
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (zlib.crc32(service.encode()),))
            yield
    else:
        with database.atomic(lock_type="IMMEDIATE"):
            yield


def applied_versions(database):
    return {row[0] for row in database.execute_sql("SELECT version FROM schema_migrations")}


def apply(database, service, steps):
    """Apply the steps (version, name, fn(database)) not yet recorded; returns their versions."""
    database.connect(reuse_if_open=True)
    with _exclusive(database, service):
        database.execute_sql(CREATE)
    done = []
    for version, name, step in sorted(steps, key=lambda s: s[0]):
        with _exclusive(database, service):
            if version in applied_versions(database):
                continue
            step(database)
            p = database.param
            database.execute_sql(
                f"INSERT INTO schema_migrations (version, name) VALUES ({p}, {p})", (version, name)
            )
            done.append(version)
            log.info("migration applied", extra={"version": version, "migration": name})
    return done


def bind_and_migrate(proxy, config, steps):
    """Bind a service's database proxy to DATABASE_URL and bring its schema up to date."""
    database = dbmod.bind(proxy, config["DATABASE_URL"])
    apply(database, config["SERVICE_NAME"], steps)
    return database
