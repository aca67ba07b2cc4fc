from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.auth import require_scope

from .. import service
from ..schemas import AccountCreate, AccountOut

blp = Blueprint("accounts", __name__, url_prefix="/v1/accounts", description="Accounts (ID1-ID3)")


@blp.route("")
class Accounts(MethodView):
    @blp.arguments(AccountCreate)
    @blp.response(201, AccountOut)
    def post(self, body):
        """Sign up: creates the account; orgs then creates its organization (ID3)."""
        return service.register_account(**body)


@blp.route("/<uuid:account_id>")
class AccountById(MethodView):
    decorators = [require_scope("identity:read")]

    @blp.response(200, AccountOut)
    @blp.doc(security=[{"bearer": ["identity:read"]}])
    def get(self, account_id):
        """One account, for services holding identity:read."""
        return service.get_account(account_id)
