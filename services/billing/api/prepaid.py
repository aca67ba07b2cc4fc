"""The prepaid account (BI8): balance and ledger, deposits, withdrawals; person endpoints."""
from flask import current_app
from flask.views import MethodView

from services.common.auth import require_user
from services.common.web import Blueprint, idempotent

from .. import deposits, prepaid
from ..schemas_payments import DepositIn, DepositOut, PrepaidOut, PrepaidQuery, WithdrawalIn, WithdrawalOut
from .guard import billing_access
from .payments import MANAGE, READ

blp = Blueprint("billing_prepaid", __name__, url_prefix="/v1/organizations/<uuid:organization_id>/prepaid",
                description="The prepaid account: balance, ledger, deposits and withdrawals (BI8)")
PERSON = [{"bearer": ["billing"]}]
PAGE = 50


@blp.route("")
class Prepaid(MethodView):
    decorators = [require_user("billing")]

    @blp.arguments(PrepaidQuery, location="query")
    @blp.response(200, PrepaidOut)
    @blp.doc(security=PERSON)
    def get(self, query, organization_id):
        """The balance and a page of the ledger, newest first (paged: `{balance, items, next_cursor}`)."""
        billing_access(organization_id, READ)
        account = prepaid.account(organization_id)
        items, following = prepaid.ledger(organization_id, int(query.get("cursor", 0)), PAGE)
        return {"balance": account.prepaid_balance, "items": items,
                "next_cursor": str(following) if following is not None else None}


@blp.route("/deposits")
class Deposits(MethodView):
    decorators = [require_user("billing")]

    @idempotent
    @blp.arguments(DepositIn)
    @blp.response(201, DepositOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id):
        """Deposit 0.10 to 9,999.00 in the account's currency (BI8) through a payment profile;
        `requires_action`: credited once 3-D Secure is answered at `action_url`."""
        billing_access(organization_id, MANAGE)
        return deposits.deposit(organization_id, body["amount"], body["profile_id"],
                                current_app.extensions["payment_provider"])


@blp.route("/withdrawals")
class Withdrawals(MethodView):
    decorators = [require_user("billing")]

    @idempotent
    @blp.arguments(WithdrawalIn)
    @blp.response(201, WithdrawalOut)
    @blp.doc(security=PERSON)
    def post(self, body, organization_id):
        """Pay prepaid money out to an IBAN, at most the balance (BI8)."""
        billing_access(organization_id, MANAGE)
        return deposits.withdraw(organization_id, body["amount"], body["iban"],
                                 current_app.extensions["payment_provider"])
