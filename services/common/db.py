"""A peewee database from a URL: SQLite by default, PostgreSQL with postgresql://..."""
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


def open_database(url):
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = parsed.path[1:] if parsed.path.startswith("//") else parsed.path
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return connect(url, pragmas=SQLITE_PRAGMAS)
    if parsed.scheme in ("postgres", "postgresql"):
        return connect(url.replace("postgres://", "postgresql://", 1), autorollback=True)
    raise ValueError(f"unsupported DATABASE_URL scheme {parsed.scheme!r}")


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


def get_or_not_found(model, *conditions, detail="Not found."):
    """The one row matching `conditions`, or NotFound (a 404 problem) naming what is missing."""
    from .errors import NotFound

    row = model.get_or_none(*conditions)
    if row is None:
        raise NotFound(detail)
    return row
