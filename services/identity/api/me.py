"""The logged-in person's own account: user access tokens with the `account` scope."""
from flask import Response, current_app, g
from flask.views import MethodView

from services.common.auth import require_user
from services.common.web import Blueprint

from .. import login, me, profile, recovery, twofactor
from ..oauth import consents
from ..schemas import (BackupCodes, ConsentOut, EmailChange, LoginActivity, Me, MobileChange, PageArgs, PasswordChange,
                       PasswordOnly, ProfileChange, RecoveryEmailChange, SessionOut, SessionPath, TwoFactorActivate,
                       TwoFactorStart)

blp = Blueprint("me", __name__, url_prefix="/v1/me", description="The logged-in account (ID4, ID6-ID9)")
USER = [{"bearer": ["account"]}]


class Mine(MethodView):
    decorators = [require_user("account")]


@blp.route("")
class MeView(Mine):
    @blp.response(200, Me)
    @blp.doc(security=USER)
    def get(self):
        return me.profile(g.account_id)

    @blp.arguments(ProfileChange)
    @blp.response(200, Me)
    @blp.doc(security=USER)
    def patch(self, body):
        """Change the first name, last name or language (null: the browser's); at least one field."""
        profile.change_profile(g.account_id, **body)
        return me.profile(g.account_id)

    @blp.arguments(PasswordOnly)
    @blp.response(204)
    @blp.doc(security=USER)
    def delete(self, body):
        """Delete the account; refused (422, OR7) while it is an organization's last legal representative."""
        me.delete_account(current_app.extensions["orgs_client"], g.account_id, body["password"])


@blp.route("/password")
class PasswordView(Mine):
    @blp.arguments(PasswordChange)
    @blp.response(204)
    @blp.doc(security=USER)
    def post(self, body):
        """Change the password; every other session (and its refresh tokens) ends."""
        me.change_password(g.account_id, g.token.get("sid"), body["current_password"], body["new_password"])


@blp.route("/email")
class EmailView(Mine):
    @blp.arguments(EmailChange)
    @blp.response(202)
    @blp.doc(security=USER)
    def post(self, body):
        """Mail a confirmation link to the new address; the login email changes when it is used."""
        me.request_email_change(current_app.config, g.account_id, body["new_email"], body["password"])


@blp.route("/recovery-email")
class RecoveryEmailView(Mine):
    @blp.arguments(RecoveryEmailChange)
    @blp.response(200, Me)
    @blp.doc(security=USER)
    def put(self, body):
        """Set the recovery email, after re-entering the password (ID4)."""
        recovery.set_recovery_email(g.account_id, body["email"], body["password"])
        return me.profile(g.account_id)


@blp.route("/mobile")
class MobileView(Mine):
    @blp.arguments(MobileChange)
    @blp.response(200, Me)
    @blp.doc(security=USER)
    def put(self, body):
        """Set the mobile number that recovers the login email, or remove it with null, after
        re-entering the password (ID5)."""
        profile.set_mobile(g.account_id, body["mobile"], body["password"])
        return me.profile(g.account_id)


@blp.route("/sessions")
class SessionsView(Mine):
    @blp.response(200, SessionOut(many=True))
    @blp.doc(security=USER)
    def get(self):
        current = str(g.token.get("sid"))
        return [dict(s.__data__, current=str(s.id) == current) for s in me.sessions(g.account_id)]


@blp.route("/sessions/<uuid:session_id>")
class SessionView(Mine):
    @blp.response(204)
    @blp.doc(security=USER)
    def delete(self, session_id):
        """End one of this account's sessions, and the refresh tokens bound to it."""
        me.revoke_session(g.account_id, session_id)


@blp.route("/login-activity")
class LoginActivityView(Mine):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, LoginActivity)
    @blp.doc(security=USER)
    def get(self, args):
        """Login attempts, newest first (ID9)."""
        return login.login_activity(g.account_id, args["page"], args["per_page"])


@blp.route("/2fa")
class TwoFactorView(Mine):
    @blp.response(201, TwoFactorStart)
    @blp.doc(security=USER)
    def post(self):
        """Start 2FA: a new TOTP secret and its otpauth:// URI (ID6)."""
        return twofactor.start(g.account_id)

    @blp.arguments(PasswordOnly)
    @blp.response(204)
    @blp.doc(security=USER)
    def delete(self, body):
        """Turn 2FA off: only from a login that passed 2FA, with the password again (ID7)."""
        twofactor.disable(g.account_id, me.session_uuid(g.token.get("sid")), body["password"])


@blp.route("/2fa/qr.png")
class TwoFactorQr(Mine):
    @blp.response(200, content_type="image/png")
    @blp.doc(security=USER)
    def get(self):
        """The otpauth:// URI as a QR code, while 2FA is being set up."""
        return Response(twofactor.qr_png(g.account_id), mimetype="image/png",
                        headers={"Cache-Control": "no-store"})


@blp.route("/2fa/activate")
class TwoFactorActivation(Mine):
    @blp.arguments(TwoFactorActivate)
    @blp.response(200, BackupCodes)
    @blp.doc(security=USER)
    def post(self, body):
        """Turn 2FA on with a first code; returns 10 backup codes, shown only this once (ID6)."""
        return {"backup_codes": twofactor.activate(g.account_id, body["code"])}


@blp.route("/consents")
class ConsentsView(Mine):
    @blp.response(200, ConsentOut(many=True))
    @blp.doc(security=USER)
    def get(self):
        """Third-party apps this account allowed, with their scopes (ID12)."""
        return consents.consents(g.account_id)


@blp.route("/consents/<string(maxlength=100):client_id>")
class ConsentView(Mine):
    @blp.response(204)
    @blp.doc(security=USER)
    def delete(self, client_id):
        """Withdraw an app's consent: it asks again next time, and its refresh tokens for this
        account end now."""
        consents.withdraw(g.account_id, client_id)
