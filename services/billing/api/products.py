from flask.views import MethodView

from services.common.web import Blueprint, idempotent

from .. import manual_renewals, products
from ..schemas_invoices import InvoiceOut
from ..schemas_products import CancellationIn, ProductAddressIn, ProductOut, ProductsQuery, RenewalIn
from .people import PERSON, caller, extension, person, setting

blp = Blueprint("billing_products", __name__, url_prefix="/v1/organizations/<uuid:organization_id>",
                description="Products: list, renewal of one or several in one invoice, cancellation, billing "
                            "address (BI1, BI2, BI9, BI12). As orgs' access check allows "
                            "(product.read / product.manage).")


@blp.route("/products")
class Products(MethodView):
    decorators = [person()]

    @blp.arguments(ProductsQuery, location="query")
    @blp.response(200, ProductOut(many=True))
    @blp.doc(security=PERSON)
    def get(self, query, organization_id):
        """The organization's products the caller may read, by expiry (a JSON array)."""
        return products.list_products(caller(), organization_id, query.get("status"))


@blp.route("/products/<uuid:product_id>")
class ProductById(MethodView):
    decorators = [person()]

    @blp.response(200, ProductOut)
    @blp.doc(security=PERSON)
    def get(self, organization_id, product_id):
        """One product."""
        return products.get_product(caller(), organization_id, product_id)


@blp.route("/products/<uuid:product_id>/cancellation")
class ProductCancellation(MethodView):
    decorators = [person()]

    @blp.arguments(CancellationIn)
    @blp.response(200, ProductOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id, product_id):
        """BI12: cancel a product (confirm: true). Issued invoices stay due; the other administrators are told."""
        return products.cancel_product(caller(), organization_id, product_id, body["confirm"],
                                       extension("orgs_client"))


@blp.route("/products/<uuid:product_id>/billing-address")
class ProductBillingAddress(MethodView):
    decorators = [person()]

    @blp.arguments(ProductAddressIn)
    @blp.response(200, ProductOut)
    @blp.doc(security=PERSON)
    def put(self, body, organization_id, product_id):
        """BI9: the billing address this product's renewals are invoiced to (null: the default)."""
        return products.set_billing_address(caller(), organization_id, product_id, body["billing_address_id"])


@blp.route("/renewals")
class Renewals(MethodView):
    decorators = [person()]

    @idempotent
    @blp.arguments(RenewalIn)
    @blp.response(201, InvoiceOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id):
        """BI2: renew one or several products, each for one or more periods, in one issued invoice;
        paying it extends them. Needs billing rights (billing.manage; else 404, BI13)."""
        return manual_renewals.renew(caller(), organization_id, body["items"], body["billing_address_id"],
                                     extension("catalogue"), setting("VAT_RATES"))
