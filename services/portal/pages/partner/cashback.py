"""PA11: the partner's cashback: its monthly statements (paged, newest first) and the entries of
one month (accrued on paid invoices, reversed by credit notes); one statement with its entries."""
import re

from flask import request

from services.common import clock

from ...apis import partner
from . import bp
from .common import optional, organization, page_size, render
from .dashboard import CASHBACK_STATUSES

MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


@bp.get("/partner/cashback")
def cashback():
    current = organization()
    cursor = request.args.get("cursor") or None
    month = request.args.get("month", "")
    month = month if MONTH.match(month) else clock.today().strftime("%Y-%m")
    page = partner.cashback_statements(current["id"], cursor=cursor, limit=page_size())
    return render("cashback.html", organization=current, statements=page["items"],
                  next_cursor=page.get("next_cursor"), paged=bool(cursor), month=month,
                  entries=_named(current, partner.cashback_entries(current["id"], month)), statuses=CASHBACK_STATUSES)


@bp.get("/partner/cashback/<uuid:statement_id>")
def cashback_detail(statement_id):
    current = organization()
    statement = partner.cashback_statement(current["id"], statement_id)
    return render("cashback_statement.html", organization=current, statement=statement,
                  entries=_named(current, statement.get("items") or []), statuses=CASHBACK_STATUSES)


def _named(current, entries):
    """partner answers the clients' ids: their names from the partner's links."""
    links = (optional(partner.links, current["id"], limit=200) or {}).get("items", [])
    names = {str(link["client_organization_id"]): link.get("client_name") for link in links}
    return [{**entry, "client_name": names.get(str(entry["client_organization_id"]))} for entry in entries]
