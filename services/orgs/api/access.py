from flask.views import MethodView

from services.common.auth import require_scope
from services.common.web import Blueprint

from .. import access
from ..schemas_access import AccessBatchIn, AccessCheckIn, DecisionOut

blp = Blueprint("access", __name__, url_prefix="/v1/access", description="The access check (OR6, OR11, OR14, PA6)")

SERVICE = [{"bearer": ["orgs:access-check"]}]


@blp.route("/check")
class Check(MethodView):
    decorators = [require_scope("orgs:access-check")]

    @blp.arguments(AccessCheckIn)
    @blp.response(200, DecisionOut)
    @blp.doc(security=SERVICE)
    def post(self, body):
        """May `subject` do `action` (on `product_id`) in `organization_id`? Writes are audited."""
        return access.check(body)


@blp.route("/check-batch")
class CheckBatch(MethodView):
    decorators = [require_scope("orgs:access-check")]

    @blp.arguments(AccessBatchIn)
    @blp.response(200, DecisionOut(many=True))
    @blp.doc(security=SERVICE)
    def post(self, body):
        """Up to 100 checks at once; the answers come in the order asked."""
        return access.check_many(body["checks"])
