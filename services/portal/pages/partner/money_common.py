"""What the pages of the partner's own business share (PA9, PX5): its clients to choose from,
and months and days typed in a form."""
import re
from datetime import date

from services.common import clock

from ...apis import partner
from .common import optional

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MAX_PAGES = 50  # 10,000 clients: the forms' lists stop there


def clients(current, payer=None):
    """[(client_organization_id, client_name)] of the partner's active links, by name, once per
    client (billing answers 404 for another); `payer="partner"`: only those the partner pays."""
    chosen = {}
    for link in _active_links(current["id"]):
        if link["status"] != "active" or (payer and link.get("payer") != payer):
            continue
        chosen.setdefault(str(link["client_organization_id"]), link.get("client_name") or "")
    return sorted(chosen.items(), key=lambda item: item[1].lower())


def _active_links(partner_id):
    """Every active link, page by page (a large partner has more than one page of clients)."""
    cursor = None
    for _page in range(MAX_PAGES):
        page = optional(partner.links, partner_id, status="active", cursor=cursor, limit=200) or {}
        yield from page.get("items", [])
        cursor = page.get("next_cursor")
        if not cursor:
            return


def day(text):
    """A date typed ("2026-05-31"), else None."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def month(text):
    text = (text or "").strip()
    return text if MONTH.match(text) else None


def this_month():
    return clock.today().strftime("%Y-%m")


def months_back(first, count):
    """The month `count` months before `first` (YYYY-MM)."""
    year, number = divmod(int(first[:4]) * 12 + int(first[5:]) - 1 - count, 12)
    return f"{year:04d}-{number + 1:02d}"
