from flask import g
from flask.views import MethodView

from services.common.web import Blueprint

from .. import support
from ..schemas import SupportAccessOut
from .tokens import person

blp = Blueprint("support_access", __name__, url_prefix="/v1/organizations/<uuid:organization_id>/support-access",
                description="Support access per content type (OR12)")

PERSON = [{"bearer": ["orgs"]}]


@blp.route("")
class SupportAccess(MethodView):
    decorators = [person()]

    @blp.response(200, SupportAccessOut(many=True))
    @blp.doc(security=PERSON)
    def get(self, organization_id):
        """Mail, drive and chat: whether support may look, and until when."""
        return support.support_access(organization_id, g.account_id)


@blp.route("/<any(mail, drive, chat):content_type>")
class SupportAccessByType(MethodView):
    decorators = [person()]

    @blp.response(200, SupportAccessOut)
    @blp.doc(security=PERSON)
    def put(self, organization_id, content_type):
        """Let support see this content for 7 days (administrators and legal representatives)."""
        return support.grant(organization_id, g.account_id, content_type)

    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, organization_id, content_type):
        """Take the access back now."""
        support.revoke(organization_id, g.account_id, content_type)
