from flask import current_app, g
from flask.views import MethodView

from services.common.auth import require_scope
from services.common.web import Blueprint

from .. import login, recovery, service, signup
from ..schemas import (Accepted, AccountCreate, AccountOut, EmailOnly, LoginEmailRecovery, NewPasswordOnly,
                       PasswordOnly)

blp = Blueprint("accounts", __name__, url_prefix="/v1", description="Accounts and their recovery (ID1-ID5)")

ACCEPTED = {"status": "accepted"}


@blp.route("/accounts")
class Accounts(MethodView):
    @blp.arguments(AccountCreate)
    @blp.response(201, AccountOut)
    def post(self, body):
        """Sign up: an unverified account and a verification mail (ID2); orgs creates its organization,
        or, with an invitation token, adds the account to the inviting one (ID3)."""
        return signup.register_account(current_app.config, orgs_client=current_app.extensions["orgs_client"], **body)


@blp.route("/accounts/verification-resend")
class VerificationResend(MethodView):
    @blp.arguments(EmailOnly)
    @blp.response(202, Accepted)
    def post(self, body):
        """Mail a new verification link to an unverified account; always 202 (ID2)."""
        signup.resend_verification(current_app.config, body["email"])
        return ACCEPTED


@blp.route("/accounts/<uuid:account_id>")
class AccountById(MethodView):
    decorators = [require_scope("identity:read")]

    @blp.response(200, AccountOut)
    @blp.doc(security=[{"bearer": ["identity:read"]}])
    def get(self, account_id):
        """One account, for services holding identity:read."""
        return service.get_account(account_id)


@blp.route("/accounts/<uuid:account_id>/reauthentication")
class Reauthentication(MethodView):
    decorators = [require_scope("identity:reauthenticate")]

    @blp.arguments(PasswordOnly)
    @blp.response(204)
    @blp.doc(security=[{"bearer": ["identity:reauthenticate"]}])
    def post(self, body, account_id):
        """The person's password, re-entered in another service (PA10): 204, or a 422 problem when it is
        wrong; failures count toward the sign-in throttle (ID10)."""
        login.reauthenticate(current_app.config, account_id, body["password"], g.token.get("client_id"))


@blp.route("/password-resets")
class PasswordResets(MethodView):
    @blp.arguments(EmailOnly)
    @blp.response(202, Accepted)
    def post(self, body):
        """Mail a 1-hour reset link to the recovery email, else the login email; always 202 (ID4)."""
        recovery.request_password_reset(current_app.config, body["email"])
        return ACCEPTED


@blp.route("/password-resets/<string(maxlength=100):token>")
class PasswordReset(MethodView):
    @blp.arguments(NewPasswordOnly)
    @blp.response(204)
    def post(self, body, token):
        """Set a new password with a reset link's token; ends every session (ID4)."""
        recovery.reset_password(token, body["password"])


@blp.route("/login-email-recovery")
class LoginEmailRecoveryView(MethodView):
    @blp.arguments(LoginEmailRecovery)
    @blp.response(202, Accepted)
    def post(self, body):
        """SMS the login email to the mobile given at sign-up; always the same 202 (ID5)."""
        recovery.recover_login_email(current_app.config, body["mobile"], body.get("recovery_email"))
        return ACCEPTED
