"""A peewee database from a URL: SQLite by default, PostgreSQL with postgresql://..."""
import json
import os
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import peewee
from playhouse.db_url import connect
from playhouse.pool import PooledSqliteDatabase

from .money import CurrencyMismatch, Money

SQLITE_PRAGMAS = {
    "journal_mode": "wal",  # readers and the one writer do not block each other
    "busy_timeout": 10000,  # several processes write the same file: wait, do not fail
    "foreign_keys": 1,
    "synchronous": "normal",
}


# Connections are pooled: opening one per request cost more than the rest of a typical
# authenticated read (bench/README.md). close() hands the connection back to the pool.
POOL = {"max_connections": int(os.environ.get("DB_POOL_SIZE", "20")), "stale_timeout": 300}


class _SqliteDatabase(PooledSqliteDatabase):
    """SQLite whose transactions take the write lock when they begin (BEGIN IMMEDIATE).

    A deferred transaction that reads and then writes cannot upgrade its lock while another
    process writes: SQLite fails it at once ("database is locked") instead of waiting for
    busy_timeout. Taking the lock up front makes writers queue, which busy_timeout handles."""

    def begin(self, lock_type=None):
        return super().begin(lock_type or "IMMEDIATE")


def open_database(url):
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = parsed.path[1:]  # sqlite:///relative/x.db, sqlite:////absolute/x.db (as SQLAlchemy)
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # A pooled connection may serve another thread later (one at a time), hence no same-thread check.
        return _SqliteDatabase(path or ":memory:", pragmas=SQLITE_PRAGMAS, check_same_thread=False, **POOL)
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


def for_update(query):
    """`query` locking the rows it reads until the transaction ends: SELECT ... FOR UPDATE on
    PostgreSQL; on SQLite every transaction already holds the write lock (BEGIN IMMEDIATE)."""
    database = query.model._meta.database
    return query.for_update() if issubclass(_dialect(database), peewee.PostgresqlDatabase) else query


def ping(database):
    database.execute_sql("SELECT 1")


def _dialect(database):
    return type(database.obj if isinstance(database, peewee.DatabaseProxy) else database)


class Prepared:
    """A SELECT whose SQL text is built once per dialect and later only re-bound, for hot paths
    where building a peewee query, and wrapping rows in model objects, costs more than running
    it (bench/README.md). Rows come back as dicts of the selected fields, converted by them.

    `build(*values)` makes the query (alias a field to select two of the same name); `params` convert each value, in the order the query
    uses them (each exactly once: checked the first time)."""

    def __init__(self, build, *params):
        self.build, self.params = build, params
        self._compiled = {}

    def __call__(self, database, *values):
        bound = [field.db_value(value) for field, value in zip(self.params, values)]
        key = _dialect(database)
        if key not in self._compiled:
            query = self.build(*values)
            sql, built = query.sql()
            if list(built) != bound:
                raise ValueError(f"{self.build}: parameters must appear once each, in order: {built} != {bound}")
            self._compiled[key] = (sql, [_name_and_converter(column) for column in query._returning])
        sql, columns = self._compiled[key]
        return [{name: convert(value) for (name, convert), value in zip(columns, row)}
                for row in database.execute_sql(sql, bound).fetchall()]


def _name_and_converter(column):
    """A selected field (or `field.alias("name")`): its key in the row dicts, and its converter."""
    if isinstance(column, peewee.Alias):
        return column._alias, column.node.python_value
    return column.name, column.python_value


_INSERT_SQL = {}


def insert_row(model, **values):
    """INSERT one row of `model` from plain values, for hot write paths: the SQL text is built
    once per model, dialect and column set, values are converted by their fields, and fields
    left out get their defaults. No model object, no RETURNING; inside the caller's transaction."""
    meta = model._meta
    for name, field in meta.fields.items():
        if name not in values and field.default is not None:
            values[name] = field.default() if callable(field.default) else field.default
    database = meta.database
    key = (model, _dialect(database), tuple(values))
    if key not in _INSERT_SQL:
        real = database.obj if isinstance(database, peewee.DatabaseProxy) else database
        left, right = real.quote  # the dialect's identifier quotes, e.g. '""'
        columns = ", ".join(f"{left}{meta.fields[name].column_name}{right}" for name in values)
        placeholders = ", ".join(real.param for _ in values)
        _INSERT_SQL[key] = f"INSERT INTO {left}{meta.table_name}{right} ({columns}) VALUES ({placeholders})"
    database.execute_sql(_INSERT_SQL[key], [meta.fields[name].db_value(value) for name, value in values.items()])


def insert_rows(model, rows, per_statement=200):
    """`insert_row` for many rows of the same columns: one multi-row INSERT per `per_statement`
    rows (set-based hot paths: a batch run's chunk), SQL text built once per size."""
    if not rows:
        return
    meta = model._meta
    defaults = {name: field.default for name, field in meta.fields.items() if field.default is not None}
    rows = [{**{name: default() if callable(default) else default
                for name, default in defaults.items() if name not in row}, **row} for row in rows]
    names = tuple(rows[0])
    database = meta.database
    real = database.obj if isinstance(database, peewee.DatabaseProxy) else database
    left, right = real.quote
    columns = ", ".join(f"{left}{meta.fields[name].column_name}{right}" for name in names)
    one = "(" + ", ".join(real.param for _ in names) + ")"
    fields = [meta.fields[name] for name in names]
    for start in range(0, len(rows), per_statement):
        part = rows[start:start + per_statement]
        key = (model, _dialect(database), names, len(part))
        if key not in _INSERT_SQL:
            _INSERT_SQL[key] = f"INSERT INTO {left}{meta.table_name}{right} ({columns}) VALUES " + ", ".join([one] * len(part))
        database.execute_sql(_INSERT_SQL[key], [field.db_value(row[field.name]) for row in part for field in fields])


_BY_KEY = {}


def get_by_key(model, value, detail="Not found."):
    """The row with this primary key, as a read-only record whose attributes are the model's
    field names (not a model object: nothing to save), or NotFound. For hot read paths: the
    SQL is built once per model and dialect, and no peewee result wrapper runs (bench/README.md)."""
    from .errors import NotFound

    prepared = _BY_KEY.get(model)
    if prepared is None:
        key = model._meta.primary_key
        prepared = _BY_KEY[model] = Prepared(lambda v: model.select(*model._meta.sorted_fields).where(key == v), key)
    rows = prepared(model._meta.database, value)
    if not rows:
        raise NotFound(detail)
    return SimpleNamespace(**rows[0])


def get_or_not_found(model, *conditions, detail="Not found."):
    """The one row matching `conditions`, or NotFound (a 404 problem) naming what is missing."""
    from .errors import NotFound

    row = model.get_or_none(*conditions)
    if row is None:
        raise NotFound(detail)
    return row


def money_property(minor_column, currency_column="currency"):
    """A model's amount as a Money, stored the one way (BI14): an integer `<name>_minor`
    column (BigIntegerField) and an ISO 4217 code column, usually one `currency` per row.
    Assigning a Money in another currency than the row's raises rather than relabel the
    row's other amounts."""

    def read(row):
        return Money(getattr(row, minor_column), getattr(row, currency_column))

    def write(row, money):
        current = getattr(row, currency_column)
        if current is not None and current != money.currency:
            raise CurrencyMismatch(f"{money.currency} amount on a {current} row")
        setattr(row, currency_column, money.currency)
        setattr(row, minor_column, money.minor)

    return property(read, write)


class JSONField(peewee.TextField):
    """JSON in a TEXT column: the same on SQLite and PostgreSQL."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, sort_keys=True)

    def python_value(self, value):
        return None if value is None else json.loads(value)
