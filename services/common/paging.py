"""Keyset pages, newest first: `{"items": [...], "next_cursor": str | None}`.

A cursor is the previous page's last instant (microseconds since 1970: any 17 digits are a date
before year 5000) and its UUID key, so a page stays stable while rows are added."""
import re
import uuid
from datetime import datetime, timedelta

from marshmallow import fields, validate

CURSOR = r"^([0-9]{17})-([0-9a-f]{32})$"
EPOCH = datetime(1970, 1, 1)


def cursor_field():
    """The `cursor` query parameter of a paged list (marshmallow)."""
    return fields.String(validate=validate.Regexp(CURSOR, error="Not a cursor this list gave."),
                         metadata={"description": "The previous page's next_cursor"})


def page(query, instant, key, cursor, limit):
    """Newest first; `cursor` is the previous page's next_cursor (stable while rows are added)."""
    if cursor:
        moment, after = _decode(cursor)
        query = query.where((instant < moment) | ((instant == moment) & (key < after)))
    rows = list(query.order_by(instant.desc(), key.desc()).limit(limit + 1))
    items = rows[:limit]
    last = items[-1] if len(rows) > limit else None
    next_cursor = f"{(getattr(last, instant.name) - EPOCH) // timedelta(microseconds=1):017d}-{last.id.hex}" \
        if last else None
    return {"items": items, "next_cursor": next_cursor}


def _decode(cursor):
    micros, key = re.match(CURSOR, cursor).groups()
    return EPOCH + timedelta(microseconds=int(micros)), uuid.UUID(key)
