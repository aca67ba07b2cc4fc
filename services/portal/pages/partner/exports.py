"""PA9: the partner downloads a client's billing data for a period as CSV (the invoices and
lines of the client's products it may see: billing decides), streamed from billing through
the portal with the person's own token, so that a year of a large partner never sits in memory."""
from flask import Response, request, stream_with_context
from flask_babel import gettext as _

from services.common import clock
from services.common.errors import DomainError

from ...apis import billing
from ...forms import Form
from . import bp
from .common import organization, render
from .money_common import clients, day

CHUNK = 64 * 1024


def _page(form, status=200, current=None):
    current = current or organization()
    return render("exports.html", status, organization=current, form=form, clients=clients(current))


def _checked(form, chosen):
    """The form's client (one of the partner's) and period, errors beside the fields."""
    first, last = day(form["from"]), day(form["to"])
    if form["client"] not in dict(chosen):
        form.error("client", _("Choose a client."))
    if first is None:
        form.error("from", _("Enter a date such as 2026-12-31."))
    if last is None:
        form.error("to", _("Enter a date such as 2026-12-31."))
    elif first and last < first:
        form.error("to", _("The end of the period comes after its start."))
    return first, last


@bp.get("/partner/exports")
def exports():
    today = clock.today()
    return _page(Form(request.args or None, **{"from": today.replace(month=1, day=1).isoformat(),
                                                "to": today.isoformat()}))


@bp.get("/partner/exports/billing.csv")
def exports_csv():
    current, form = organization(), Form(request.args)
    first, last = _checked(form, clients(current))
    if not form.ok:
        return _page(form, 422, current)
    try:
        answer = billing.client_billing_csv(current["id"], form["client"], first.isoformat(), last.isoformat())
    except DomainError as error:  # billing's refusal (the client's billing not reachable, a bad period)
        return _page(form.fail(error, {"from": "from", "to": "to", "client": "client"}), 422, current)
    name = f"billing-{form['client'][:8]}-{first.isoformat()}-{last.isoformat()}.csv"
    return Response(stream_with_context(answer.iter_content(CHUNK)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
