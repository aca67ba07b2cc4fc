"""The activity feed (PX2): everything partner staff did in the organization, through which
link; filtered by link, person, action and dates, paged, and downloaded as CSV streamed from
orgs through the portal (the person's own token, never orgs' address in the page)."""
from flask import Response, request, stream_with_context, url_for
from flask_babel import gettext as _

from services.common.errors import BadRequest

from ...apis import orgs, partner
from ...forms import Form
from . import bp
from ..organizations.audit import _day as day_filter  # the audit log's date filters, the same here
from .common import fail, moment, organization, render
from .labels import ACTIONS

FILTERS = ("link_id", "actor_id", "action", "since", "until")
CHUNK = 64 * 1024


def _query(form, links):
    """orgs' filters from the form's: a link only among the organization's, dates as UTC days."""
    query = {"link_id": form["link_id"] if form["link_id"] in links else None, "actor_id": form["actor_id"] or None,
             "action": form["action"] or None}
    query.update(since=day_filter(form["since"], "since", form), until=day_filter(form["until"], "until", form, after=1))
    return query


def _links(current):
    return {l["id"]: l for l in partner.client_links(current["id"])}


@bp.get("/partners/activity")
def activity():
    current, form = organization(), Form(request.args)
    links = _links(current)
    query = _query(form, links)
    page = {"items": [], "next_cursor": None}
    if form.ok:
        try:
            page = orgs.activity(current["id"], **query, cursor=request.args.get("cursor"))
        except BadRequest as error:
            fail(form, error, {"since": "since", "until": "until"})
    entries = [{**e, "at": moment(e["at"])} for e in page["items"]]
    actors = {e["actor_id"]: e.get("actor_name") or e.get("actor_email") for e in entries if e.get("actor_id")}
    if form["actor_id"] and form["actor_id"] not in actors:
        actors[form["actor_id"]] = request.args.get("actor_name") or form["actor_id"]
    kept = {name: request.args.get(name) for name in FILTERS if request.args.get(name)}
    return render("activity.html", 200 if form.ok else 422, organization=current, form=form, links=links,
                  entries=entries, actors=actors, actions=[(code, _(label)) for code, label in ACTIONS.items()],
                  csv_url=url_for(".activity_csv", **kept),
                  next_url=page.get("next_cursor") and url_for(".activity", **kept, cursor=page["next_cursor"]))


@bp.get("/partners/activity.csv")
def activity_csv():
    current, form = organization(), Form(request.args)
    query = _query(form, _links(current))
    answer = orgs.activity_csv(current["id"], **query)
    return Response(stream_with_context(answer.iter_content(CHUNK)), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="partner-activity.csv"'})
