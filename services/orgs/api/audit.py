from flask import g
from flask.views import MethodView

from services.common.web import Blueprint

from .. import audit, guard
from ..schemas_access import AuditPageOut, AuditQuery
from .tokens import person

blp = Blueprint("audit", __name__, url_prefix="/v1/organizations/<uuid:organization_id>/audit",
                description="The audit log (OR14)")


@blp.route("")
class Audit(MethodView):
    decorators = [person()]

    @blp.arguments(AuditQuery, location="query")
    @blp.response(200, AuditPageOut)
    @blp.doc(security=[{"bearer": ["orgs"]}])
    def get(self, query, organization_id):
        """Who did what, for this organization, through which delegation; newest first
        (administrators and legal representatives)."""
        guard.authorize(organization_id, g.account_id, "audit.read")
        return audit.entries(organization_id, **query)
