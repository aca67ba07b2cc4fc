from flask import g
from flask.views import MethodView

from services.common.web import Blueprint, idempotent

from .. import elevations
from ..schemas import ElevationIn, ElevationOut, ElevationQuery, PreapprovalsIn, PreapprovalsOut
from .tokens import person

blp = Blueprint("elevations", __name__, url_prefix="/v1", description="Just-in-time elevation (PX3)")

PERSON = [{"bearer": ["orgs"]}]


@blp.route("/organizations/<uuid:organization_id>/elevations")
class Elevations(MethodView):
    decorators = [person()]

    @blp.arguments(ElevationQuery, location="query")
    @blp.response(200, ElevationOut(many=True))
    @blp.doc(security=PERSON)
    def get(self, query, organization_id):
        """The client's elevation requests, newest first: all of them for its administrators and legal
        representatives (`partner.manage`), their own for a partner user."""
        return elevations.list_elevations(organization_id, g.account_id, query.get("status"))

    @idempotent
    @blp.arguments(ElevationIn)
    @blp.response(201, ElevationOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id):
        """PX3: a partner user holding an active link on this client (by role or assignment, PA7) asks
        for technical rights on one product for 1 to 8 hours; approved at once on a pre-approved
        product, else pending. The client's managers are mailed."""
        return elevations.request(organization_id, g.account_id, body)


@blp.route("/organizations/<uuid:organization_id>/elevations/<uuid:elevation_id>/approval")
class Approval(MethodView):
    decorators = [person()]

    @blp.response(200, ElevationOut)
    @blp.doc(security=PERSON)
    def post(self, organization_id, elevation_id):
        """Approve a pending request (`partner.manage`): the hours start now; the requester is mailed."""
        return elevations.decide(organization_id, g.account_id, elevation_id, approve=True)


@blp.route("/organizations/<uuid:organization_id>/elevations/<uuid:elevation_id>/decline")
class Decline(MethodView):
    decorators = [person()]

    @blp.response(200, ElevationOut)
    @blp.doc(security=PERSON)
    def post(self, organization_id, elevation_id):
        """Decline a pending request (`partner.manage`); the requester is mailed."""
        return elevations.decide(organization_id, g.account_id, elevation_id, approve=False)


@blp.route("/organizations/<uuid:organization_id>/elevation-preapprovals")
class Preapprovals(MethodView):
    decorators = [person()]

    @blp.response(200, PreapprovalsOut)
    @blp.doc(security=PERSON)
    def get(self, organization_id):
        """The products on which a request is approved at once (`partner.manage`)."""
        return elevations.preapprovals(organization_id, g.account_id)

    @blp.arguments(PreapprovalsIn)
    @blp.response(200, PreapprovalsOut)
    @blp.doc(security=PERSON)
    def put(self, body, organization_id):
        """Replace the pre-approved products (`partner.manage`); audited."""
        return elevations.set_preapprovals(organization_id, g.account_id, body["product_ids"])


@blp.route("/accounts/me/elevations")
class MyElevations(MethodView):
    decorators = [person()]

    @blp.arguments(ElevationQuery, location="query")
    @blp.response(200, ElevationOut(many=True))
    @blp.doc(security=PERSON)
    def get(self, query):
        """The caller's own elevation requests across clients, newest first."""
        return elevations.my_elevations(g.account_id, query.get("status"))
