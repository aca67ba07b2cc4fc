from flask.views import MethodView

from services.common.auth import require_scope
from services.common.web import Blueprint

from .. import service
from ..schemas import BillingAccountOut, DeletionCheckOut

blp = Blueprint("billing_accounts", __name__, url_prefix="/v1/billing-accounts",
                description="Organizations' billing accounts and prepaid balances (BI8)")


@blp.route("/<uuid:organization_id>")
class BillingAccountById(MethodView):
    decorators = [require_scope("billing:read")]

    @blp.response(200, BillingAccountOut)
    @blp.doc(security=[{"bearer": ["billing:read"]}])
    def get(self, organization_id):
        """The billing account of one organization."""
        return service.get_billing_account(organization_id)


@blp.route("/<uuid:organization_id>/deletion-check")
class DeletionCheck(MethodView):
    decorators = [require_scope("billing:read")]

    @blp.response(200, DeletionCheckOut)
    @blp.doc(security=[{"bearer": ["billing:read"]}])
    def get(self, organization_id):
        """OR13: whether the organization's products, prepaid balance and invoices allow deleting it."""
        return service.deletion_check(organization_id)
