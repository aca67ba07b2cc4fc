from flask import current_app
from flask.views import MethodView

from services.common.web import Blueprint

from ..schemas import CatalogueOut, CatalogueQuery

blp = Blueprint("billing_catalogue", __name__, url_prefix="/v1/catalogue",
                description="The product catalogue: product types and their prices (BI1, BI2)")


@blp.route("")
class CatalogueView(MethodView):
    # Public, like a price list: no token needed.

    @blp.arguments(CatalogueQuery, location="query")
    @blp.response(200, CatalogueOut)
    def get(self, query):
        """The catalogue: its version and product types with public and partner prices, renewal,
        volume tiers and VAT category; `family` keeps one family."""
        catalogue = current_app.extensions["catalogue"]
        family = query.get("family")
        products = catalogue.of_family(family) if family else catalogue.products
        return {"version": catalogue.version, "products": products}
