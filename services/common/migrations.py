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


def epoch_to_datetime(database, table, column, not_null=True):
    """Turn an epoch-seconds column into a naive-UTC timestamp (services/common/clock.py),
    converting its rows. A table created from today's model has the timestamp already: no-op.
    Indexes on the column are dropped first (SQLite cannot drop an indexed column) and
    recreated under peewee's name `<table>_<column>`."""
    columns = {c.name: c.data_type.lower() for c in database.get_columns(table)}
    if "time" in columns[column]:
        return
    indexed = any(column in index.columns for index in database.get_indexes(table))
    for index in database.get_indexes(table):
        if column in index.columns:
            database.execute_sql(f"DROP INDEX {index.name}")
    new = f"{column}_utc"
    database.execute_sql(f"ALTER TABLE {table} ADD COLUMN {new} TIMESTAMP")
    if dbmod.is_postgres(database):
        converted = f"to_timestamp({column}) AT TIME ZONE 'UTC'"
    else:  # peewee's SQLite text form of a DateTimeField
        converted = f"strftime('%Y-%m-%d %H:%M:%f', {column}, 'unixepoch')"
    database.execute_sql(f"UPDATE {table} SET {new} = {converted} WHERE {column} IS NOT NULL")
    database.execute_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
    database.execute_sql(f"ALTER TABLE {table} RENAME COLUMN {new} TO {column}")
    if not_null and dbmod.is_postgres(database):
        database.execute_sql(f"ALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL")
    if indexed:
        database.execute_sql(f"CREATE INDEX {table}_{column} ON {table} ({column})")
