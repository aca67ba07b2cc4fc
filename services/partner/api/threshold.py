"""PA2: a partner's threshold (status, volume, grace, benefits); PA11: the rate card."""
from flask import g
from flask.views import MethodView

from services.common.web import Blueprint

from .. import threshold_reads
from ..schemas_threshold import RateCardOut, ThresholdOut
from .link_people import PERSON, access, me, person

blp = Blueprint("partner_threshold", __name__, url_prefix="/v1",
                description="PA2: a partner's threshold status and managed volume; PA11: the rate card.")


def _staff():
    return "staff" in ((g.get("token") or {}).get("scope") or "").split()


@blp.route("/partners/<uuid:partner_organization_id>/threshold")
class Threshold(MethodView):
    decorators = [person()]

    @blp.response(200, ThresholdOut)
    @blp.doc(security=PERSON)
    def get(self, partner_organization_id):
        """The partner's managed volume against the threshold, its status (a grace past its end
        reads as lapsed), the grace clock and the benefits that follow (administrators and legal
        representatives of the partner; staff may read)."""
        return threshold_reads.standing_of(None if _staff() else access(), me(), partner_organization_id)


@blp.route("/ratecard")
class RateCard(MethodView):
    decorators = [person()]

    @blp.response(200, RateCardOut)
    @blp.doc(security=PERSON)
    def get(self):
        """The rate card in force: its version and, per tier, where it starts and the rate per family."""
        return threshold_reads.rate_card()
