"""What the tender pages share: the visitor's address, dates of the API, the form's rendering
and the poster's page (a visitor's by key, a client's by organization)."""
from datetime import date, datetime

from flask import render_template, request
from flask_babel import gettext as _

from services.common.web import client_address

from ..partner.common import page_size
from .form import options
from .labels import STATUSES


def visitor_ip():
    """partner limits tenders per address (PA13): the visitor's, not the portal's (behind a trusted
    reverse proxy, the address it forwards: web.client_address)."""
    return client_address()


def moment(value):
    """An API's instant or date as a datetime or date (for |date, |datetime); None stays None."""
    if not value:
        return None
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def render_form(template, form, status=200, **values):
    return render_template(f"tenders/{template}", form=form, **options(), **values), status


def too_many(form):
    """A 429 of PA13's limits per email and address: said at the top of the form."""
    form.message = _("Too many calls for tenders from this address or email today. Please try again tomorrow.")
    return form


def poster_page(tender, accept_url, withdraw_url, back=None):
    """The poster's view of its tender: the answers, accepting one, withdrawing (while open)."""
    return render_template("tenders/poster.html", tender=tender, answers=tender.get("answers") or [],
                           accept_url=accept_url, withdraw_url=withdraw_url, back=back,
                           deadline=moment(tender.get("deadline")))


def listing(fetch, *ids):
    """A list page's values: `fetch(*ids, status, cursor, limit)` filtered by the status asked
    (a known one, else all) and paged by partner's cursor."""
    status = request.args.get("status", "")
    status = status if status in STATUSES else ""
    cursor = request.args.get("cursor") or None
    page = fetch(*ids, status=status, cursor=cursor, limit=page_size())
    return {"tenders": page["items"], "next_cursor": page.get("next_cursor"), "paged": bool(cursor),
            "status_filter": status, "statuses": STATUSES, "moment": moment}
