"""A peewee database from a URL: SQLite by default, PostgreSQL with postgresql://..."""
import os
from pathlib import Path
from urllib.parse import urlparse

import peewee
from playhouse.db_url import connect

SQLITE_PRAGMAS = {
    "journal_mode": "wal",  # readers and the one writer do not block each other
    "busy_timeout": 10000,  # several processes write the same file: wait, do not fail
    "foreign_keys": 1,
    "synchronous": "normal",
}


# Connections are pooled: opening one per request cost more than the rest of a typical
# authenticated read (bench/README.md). close() hands the connection back to the pool.
POOL = {"max_connections": int(os.environ.get("DB_POOL_SIZE", "20")), "stale_timeout": 300}


def open_database(url):
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = parsed.path[1:] if parsed.path.startswith("//") else parsed.path
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # A pooled connection may serve another thread later (one at a time), hence no same-thread check.
        return connect(url.replace("sqlite://", "sqlite+pool://", 1), pragmas=SQLITE_PRAGMAS,
                       check_same_thread=False, **POOL)
    if parsed.scheme in ("postgres", "postgresql"):
        return connect("postgresql+pool://" + url.split("://", 1)[1], autorollback=True, **POOL)
    raise ValueError(f"unsupported DATABASE_URL scheme {parsed.scheme!r}")


def discard_connection(database):
    """After a database error: really close this thread's connection instead of pooling it."""
    if database.is_closed():
        return
    try:
        database.manual_close() if hasattr(database, "manual_close") else database.close()
    except peewee.DatabaseError:
        pass


def bind(proxy, url):
    """Point a service's DatabaseProxy at its database; returns the real database."""
    database = open_database(url)
    proxy.initialize(database)
    return database


def is_postgres(database):
    return isinstance(database, peewee.PostgresqlDatabase)


def ping(database):
    database.execute_sql("SELECT 1")


class BaseModel(peewee.Model):
    """Common ancestor: no database of its own; each service binds its proxy on a subclass."""


_BY_KEY_SQL = {}


def get_by_key(model, value, detail="Not found."):
    """The row with this primary key, or NotFound. The SQL is built once per model and database:
    building a query costs more than running it on the hot read paths."""
    from .errors import NotFound

    database = model._meta.database
    real = database.obj if isinstance(database, peewee.DatabaseProxy) else database
    key = (model, type(real))  # the SQL text depends only on the dialect
    if key not in _BY_KEY_SQL:
        _BY_KEY_SQL[key] = model.select().where(model._meta.primary_key == value).sql()[0]
    row = next(iter(model.raw(_BY_KEY_SQL[key], model._meta.primary_key.db_value(value))), None)
    if row is None:
        raise NotFound(detail)
    return row


def get_or_not_found(model, *conditions, detail="Not found."):
    """The one row matching `conditions`, or NotFound (a 404 problem) naming what is missing."""
    from .errors import NotFound

    row = model.get_or_none(*conditions)
    if row is None:
        raise NotFound(detail)
    return row
