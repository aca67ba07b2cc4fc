from flask import g
from flask.views import MethodView

from services.common.auth import require_scope
from services.common.web import Blueprint

from .. import members
from ..schemas import MemberOut, MemberPatch, ProductBindingIn
from .tokens import person

blp = Blueprint("members", __name__, url_prefix="/v1/organizations/<uuid:organization_id>/members",
                description="Members, roles and rights (OR3-OR9)")

PERSON = [{"bearer": ["orgs"]}]


@blp.route("")
class Members(MethodView):
    decorators = [person()]

    @blp.response(200, MemberOut(many=True))
    @blp.doc(security=PERSON)
    def get(self, organization_id):
        """Every member with role, external flag, products, billing rights and contact preferences."""
        return members.list_members(organization_id, g.account_id)


@blp.route("/<uuid:account_id>")
class Member(MethodView):
    decorators = [person()]

    @blp.arguments(MemberPatch)
    @blp.response(200, MemberOut)
    @blp.doc(security=PERSON)
    def patch(self, body, organization_id, account_id):
        """Change role (OR5, OR7; the member is mailed, OR9) or rights (OR3, OR4, OR6)."""
        return members.update_member(organization_id, g.account_id, account_id, body)

    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, organization_id, account_id):
        """Remove a member (OR4); never the last legal representative (OR7)."""
        members.remove_member(organization_id, g.account_id, account_id)


@blp.route("/me")
class Me(MethodView):
    decorators = [person()]

    @blp.response(204)
    @blp.doc(security=PERSON)
    def delete(self, organization_id):
        """OR8: leave the organization (not as its last legal representative, OR7)."""
        members.leave(organization_id, g.account_id)


BINDINGS = [{"bearer": ["orgs:bindings:write"]}]


@blp.route("/<uuid:account_id>/product-bindings/<uuid:product_id>")
class ProductBinding(MethodView):
    """For the services of the organization's products (kSuite, mail): a membership that backs
    one of their logins cannot be left (OR8) until the product releases it."""

    decorators = [require_scope("orgs:bindings:write")]

    @blp.arguments(ProductBindingIn)
    @blp.response(200, MemberOut)
    @blp.doc(security=BINDINGS)
    def put(self, body, organization_id, account_id, product_id):
        """Bind the membership to this product (idempotent: binding again updates kind and label)."""
        return members.bind_to_product(organization_id, account_id, product_id, body["kind"], body["label"],
                                       g.token.get("client_id"))

    @blp.response(200, MemberOut)
    @blp.doc(security=BINDINGS)
    def delete(self, organization_id, account_id, product_id):
        """Release the membership from this product; 404 when it was not bound to it."""
        return members.release_from_product(organization_id, account_id, product_id, g.token.get("client_id"))
