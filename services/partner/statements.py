"""The few statements PA2's event handlers run for every billing event, their SQL text built
once per process (bench/threshold_lag.py: building peewee queries was most of a handler's time).
Values go through the fields' own conversions (UUIDs, instants, JSON), like
services.common.db.insert_row, which is re-exported here for the inserts."""
import peewee

from services.common.db import for_update, insert_row, is_postgres

_SQL = {}
OPERATORS = {"eq": "=", "le": "<=", "lt": "<"}


def _where(model, conditions):
    """(SQL condition, values) of `conditions` {column[__op]: value}."""
    meta, parts, values = model._meta, [], []
    for key, value in conditions.items():
        name, _, op = key.partition("__")
        field = meta.fields[name]
        parts.append(f"{field.column_name} {OPERATORS[op or 'eq']} {_param(model)}")
        values.append(field.db_value(value))
    return " AND ".join(parts), values


def _param(model):
    database = model._meta.database
    return (database.obj if isinstance(database, peewee.DatabaseProxy) else database).param


def _cached(key, build):
    text = _SQL.get(key)
    if text is None:
        text = _SQL[key] = build()
    return text


def update_row(model, values, **conditions):
    """UPDATE `model` SET values WHERE conditions; how many rows changed."""
    meta = model._meta
    where, params = _where(model, conditions)
    text = _cached(("update", model, tuple(values), tuple(conditions), _param(model)), lambda: (
        f"UPDATE {meta.table_name} SET "
        + ", ".join(f"{meta.fields[name].column_name} = {_param(model)}" for name in values) + f" WHERE {where}"))
    cursor = meta.database.execute_sql(text, [meta.fields[name].db_value(v) for name, v in values.items()] + params)
    return cursor.rowcount


def add_to(model, column, amount, **conditions):
    """UPDATE `model` SET column = column + amount WHERE conditions; how many rows changed."""
    meta = model._meta
    name = meta.fields[column].column_name
    where, params = _where(model, conditions)
    text = _cached(("add", model, column, tuple(conditions), _param(model)),
                   lambda: f"UPDATE {meta.table_name} SET {name} = {name} + {_param(model)} WHERE {where}")
    return meta.database.execute_sql(text, [amount] + params).rowcount


def add_returning(model, column, amount, returning, **conditions):
    """add_to, returning the changed row (a `model` instance holding `returning`), or None when
    no row matched (UPDATE ... RETURNING: PostgreSQL, SQLite 3.35+): one statement instead of two."""
    meta = model._meta
    name = meta.fields[column].column_name
    fields = [meta.fields[n] for n in returning]
    where, params = _where(model, conditions)
    text = _cached(("add-returning", model, column, tuple(returning), tuple(conditions), _param(model)), lambda: (
        f"UPDATE {meta.table_name} SET {name} = {name} + {_param(model)} WHERE {where} "
        f"RETURNING {', '.join(f.column_name for f in fields)}"))
    row = meta.database.execute_sql(text, [amount] + params).fetchone()
    if row is None:
        return None
    return model(**{f.name: f.python_value(value) for f, value in zip(fields, row)})


def exists(model, **conditions):
    meta = model._meta
    where, params = _where(model, conditions)
    text = _cached(("exists", model, tuple(conditions), _param(model)),
                   lambda: f"SELECT 1 FROM {meta.table_name} WHERE {where}")
    return meta.database.execute_sql(text, params).fetchone() is not None


def rows(model, columns, **conditions):
    """`model` instances holding `columns` of the rows matching `conditions`."""
    meta = model._meta
    fields = [meta.fields[name] for name in columns]
    where, params = _where(model, conditions)
    text = _cached(("rows", model, tuple(columns), tuple(conditions), _param(model)), lambda: (
        f"SELECT {', '.join(f.column_name for f in fields)} FROM {meta.table_name} WHERE {where}"))
    return [model(**{f.name: f.python_value(value) for f, value in zip(fields, row)})
            for row in meta.database.execute_sql(text, params).fetchall()]


def locked(model, **conditions):
    """The one `model` row matching `conditions` as a model instance, locked on PostgreSQL
    (SELECT ... FOR UPDATE; SQLite's transaction holds the write lock), or None."""
    database = model._meta.database
    postgres = is_postgres(database.obj if isinstance(database, peewee.DatabaseProxy) else database)
    meta = model._meta
    where, params = _where(model, conditions)
    text = _cached(("locked", model, tuple(conditions), _param(model)), lambda: (
        f"SELECT {', '.join(f.column_name for f in meta.sorted_fields)} FROM {meta.table_name} WHERE {where}"
        + (" FOR UPDATE" if postgres else "")))
    row = database.execute_sql(text, params).fetchone()
    if row is None:
        return None
    return model(**{f.name: f.python_value(value) for f, value in zip(meta.sorted_fields, row)})


__all__ = ["add_returning", "add_to", "exists", "for_update", "insert_row", "locked", "rows", "update_row"]
