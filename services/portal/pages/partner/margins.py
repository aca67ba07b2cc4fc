"""PX5: the margin report: per client and month, what the provider invoiced the partner (cost)
against what the partner invoiced its client (resale), as invoiced at the time, so that a past
month always reconciles; the period's totals per currency."""
from flask import request
from flask_babel import gettext as _

from services.common.money import Money

from ...apis import billing
from ...forms import Form
from . import bp
from .common import organization, render
from .money_common import clients, month, months_back, this_month

MAX_MONTHS = 36  # a report of three years at most: one page


def _checked(form):
    first, last = month(form["from"]), month(form["to"])
    if first is None:
        form.error("from", _("Enter a month such as 2026-05."))
    if last is None:
        form.error("to", _("Enter a month such as 2026-05."))
    elif first and (last < first or months_back(last, MAX_MONTHS - 1) > first):
        form.error("to", _("Choose an end after the start, at most 36 months later."))
    return first, last


def totals(rows):
    """{currency: {cost, resale, margin}} over the rows (Money added exactly)."""
    out = {}
    for row in rows:
        currency = row["cost"]["currency"]
        sums = out.setdefault(currency, {name: Money.zero(currency) for name in ("cost", "resale", "margin")})
        for name in sums:
            sums[name] += Money.of(row[name]["amount"], currency)
    return out


@bp.get("/partner/margins")
def margins():
    current = organization()
    now = this_month()
    form = Form(request.args or None, **{"from": months_back(now, 11), "to": now})
    chosen = dict(clients(current))
    client = form["client"] if form["client"] in chosen else None
    first, last = _checked(form)
    rows = billing.margins(current["id"], first, last, client=client) if form.ok else []
    rows = [{**r, "client_name": r.get("client_name") or chosen.get(str(r["client_organization_id"]), "")}
            for r in rows]
    return render("margins.html", 200 if form.ok else 422, organization=current, form=form,
                  clients=list(chosen.items()), rows=rows, totals=totals(rows))
