"""PA5's search: a client finds an approved partner by name or by its legal representative's email."""
import json

from peewee import SQL, NodeList, Value, fn

from .models import Partner

LIMIT = 20


def search(text):
    """Approved partners whose name contains `text` (any case) or one of whose legal representatives'
    emails is exactly `text` (any case), by name, at most LIMIT."""
    text = text.strip().lower()
    by_name = _like(fn.LOWER(Partner.name), f"%{_escaped(text)}%")
    by_email = _like(Partner.contact_emails, f"%{_escaped(json.dumps(text))}%")
    found = (Partner.select().where((Partner.status == "approved") & (by_name | by_email))
             .order_by(Partner.name, Partner.organization_id).limit(LIMIT * 2))
    # The LIKE on the emails' JSON is a pre-filter; a name or an exact email decides.
    return [p for p in found if text in p.name.lower() or text in p.contact_emails][:LIMIT]


def _escaped(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(column, pattern):
    # Written out: peewee turns its LIKE into SQLite's GLOB, which has no ESCAPE.
    return NodeList((column, SQL("LIKE"), Value(pattern), SQL("ESCAPE '\\'")))
