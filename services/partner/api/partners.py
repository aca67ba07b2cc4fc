from flask.views import MethodView

from services.common.web import Blueprint

from .. import partners
from ..schemas_applications import PartnerFoundOut, PartnersQuery
from .people import PERSON, person

blp = Blueprint("partner_search", __name__, url_prefix="/v1/partners",
                description="PA5: find an approved partner by name or by its legal representative's email.")


@blp.route("")
class Partners(MethodView):
    decorators = [person()]

    @blp.arguments(PartnersQuery, location="query")
    @blp.response(200, PartnerFoundOut(many=True))
    @blp.doc(security=PERSON)
    def get(self, query):
        """Approved partners whose name contains `q` (any case, at least 2 characters) or whose legal
        representative's email is `q`; at most 20, by name (a JSON array)."""
        return partners.search(query["q"])
