from flask import current_app, g
from flask.views import MethodView

from services.common.auth import require_user
from services.common.web import Blueprint

from .. import renewal_options
from ..schemas_renewals import ProductOptionsIn, ProductOut

blp = Blueprint("billing_renewal_options", __name__, url_prefix="/v1/organizations/<uuid:organization_id>/products",
                description="Automatic renewal (BI3) and renewal warranty (BI4), for one product or many at once")

PERSON = [{"bearer": ["billing"]}]


def _call(use_case, organization_id, body):
    extensions = current_app.extensions
    return use_case(extensions["access_client"], g.account_id, organization_id, body["product_ids"],
                    body["enabled"], extensions["catalogue"])


@blp.route("/auto-renewal")
class AutoRenewal(MethodView):
    decorators = [require_user("billing")]

    @blp.arguments(ProductOptionsIn)
    @blp.response(200, ProductOut(many=True))
    @blp.doc(security=PERSON)
    def put(self, body, organization_id):
        """BI3: switch automatic renewal on or off; on needs a Visa or MasterCard default profile and
        more than 14 days before expiry (422, rule BI3, naming each product refused)."""
        return _call(renewal_options.set_auto_renewal, organization_id, body)


@blp.route("/warranty")
class Warranty(MethodView):
    decorators = [require_user("billing")]

    @blp.arguments(ProductOptionsIn)
    @blp.response(200, ProductOut(many=True))
    @blp.doc(security=PERSON)
    def put(self, body, organization_id):
        """BI4: switch the renewal warranty on or off; never for NAS Synology (422, rule BI4)."""
        return _call(renewal_options.set_warranty, organization_id, body)
