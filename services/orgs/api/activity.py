from flask import Response, g, stream_with_context
from flask.views import MethodView

from services.common.web import Blueprint

from .. import activity
from ..schemas_access import ActivityCsvQuery, ActivityPageOut, ActivityQuery
from .tokens import person

blp = Blueprint("activity", __name__, url_prefix="/v1/organizations/<uuid:organization_id>",
                description="The activity of partner staff in a client organization (PX2)")

PERSON = [{"bearer": ["orgs"]}]
CSV = {"type": "string", "description": "at, actor_id, actor_name, actor_email, partner_organization_id, "
                                         "partner_name, link_id, action, target, outcome; newest first"}


def _filters(query):
    return {k: query[k] for k in ("link_id", "actor_id", "action", "since", "until") if query.get(k)}


@blp.route("/activity")
class Activity(MethodView):
    decorators = [person()]

    @blp.arguments(ActivityQuery, location="query")
    @blp.response(200, ActivityPageOut)
    @blp.doc(security=PERSON)
    def get(self, query, organization_id):
        """PX2: what partner staff did in this organization through a link (who, what, when, which
        link), newest first; administrators and legal representatives (`partner.manage`)."""
        return activity.feed(organization_id, g.account_id, _filters(query), query["cursor"], query["limit"])


@blp.route("/activity.csv")
class ActivityCsv(MethodView):
    decorators = [person()]

    @blp.arguments(ActivityCsvQuery, location="query")
    @blp.response(200, CSV, content_type="text/csv", description="The whole filtered feed, streamed")
    @blp.doc(security=PERSON)
    def get(self, query, organization_id):
        """PX2: the same feed as CSV, all pages, streamed (`partner.manage`)."""
        activity.authorize(organization_id, g.account_id)
        lines = activity.csv_lines(organization_id, _filters(query))
        return Response(stream_with_context(lines), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="activity-{organization_id}.csv"'})
