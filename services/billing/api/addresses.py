from flask.views import MethodView

from services.common.web import Blueprint

from .. import addresses
from ..schemas_orders import BillingAddressIn, BillingAddressOut, BillingAddressPatch
from .people import PERSON, caller, person

blp = Blueprint("billing_addresses", __name__,
                url_prefix="/v1/organizations/<uuid:organization_id>/billing-addresses",
                description="Billing addresses, one of them the default (BI9). Needs billing rights "
                            "(billing.read / billing.manage; else 404, BI13).")


@blp.route("")
class Addresses(MethodView):
    decorators = [person()]

    @blp.response(200, BillingAddressOut(many=True))
    @blp.doc(security=PERSON)
    def get(self, organization_id):
        """The organization's billing addresses, the default first (a JSON array)."""
        return addresses.list_addresses(caller(), organization_id)

    @blp.arguments(BillingAddressIn)
    @blp.response(201, BillingAddressOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id):
        """A new billing address; the first one becomes the default."""
        return addresses.create_address(caller(), organization_id, body)


@blp.route("/<uuid:address_id>")
class AddressById(MethodView):
    decorators = [person()]

    @blp.arguments(BillingAddressPatch)
    @blp.response(200, BillingAddressOut)
    @blp.doc(security=PERSON)
    def patch(self, body, organization_id, address_id):
        """Change an address; invoices already made keep theirs."""
        return addresses.update_address(caller(), organization_id, address_id, body)

    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, organization_id, address_id):
        """Remove an address; its products fall back to the default."""
        addresses.remove_address(caller(), organization_id, address_id)


@blp.route("/<uuid:address_id>/default")
class DefaultAddress(MethodView):
    decorators = [person()]

    @blp.response(200, BillingAddressOut)
    @blp.doc(security=PERSON)
    def put(self, organization_id, address_id):
        """Make this address the default."""
        return addresses.make_default(caller(), organization_id, address_id)
