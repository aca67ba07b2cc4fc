"""`python -m services.identity token EMAIL [--scope ...]`: a person's access token, to try
the APIs from a shell without driving the login form (README, "Trying it").

The password is read from stdin, so the command gives its operator nothing they could not
get by logging in as the person. It is a real login: the password step with its throttling
and record (ID9, ID10), a new-device notice when due (ID8), and a browser session the token
is bound to (`sid`), so logout, ending the session or a password change revoke it (ID12).
Accounts with 2FA on are refused: this command takes no second factor (ID6)."""
import getpass
import sys

from services.common.errors import DomainError, Forbidden

from . import login, twofactor
from .models import BrowserSession, db
from .oauth import keys
from .oauth.clients import query_client
from .oauth.grants import token_generator
from .oauth.store import subject_of_login
from .web.sessions import Login

CLIENT = "portal"  # first party: its scopes need no consent
USER_AGENT = "python -m services.identity token"
DEVICE = "identity-token-command"
TWO_FACTOR_ON = ("This account has two-factor authentication on (ID6) and this command asks for no code: "
                 "sign in on identity's login page instead.")


def token_command(config, args):
    """print a person's access token for the portal client; the password is read from stdin"""
    password = getpass.getpass(f"Password of {args.email}: ") if sys.stdin.isatty() else sys.stdin.readline()
    try:
        print(issue_token(config, args.email, password.rstrip("\r\n"), args.scope))
    except (DomainError, ValueError) as error:
        print(getattr(error, "detail", None) or str(error), file=sys.stderr)
        return 1
    return 0


def issue_token(config, email, password, scope=None):
    client = query_client(CLIENT)
    if client is None:
        raise ValueError("There is no 'portal' client yet: start identity once, it declares its clients.")
    # No refresh token (offline_access): nothing would keep or rotate it; run the command again.
    allowed = [s for s in client.scopes if s != "offline_access"]
    requested = scope.split() if scope else allowed
    if not requested or set(requested) - set(allowed):
        raise ValueError(f"--scope takes some of: {' '.join(allowed)}")
    account = login.password_step(config, email, password, ip="", user_agent=USER_AGENT, device=DEVICE)
    if twofactor.is_enabled(account.id):
        raise Forbidden(TWO_FACTOR_ON)
    with db.atomic():
        session = BrowserSession.create(account=account, user_agent=USER_AGENT)
    login.note_device(config, account, DEVICE, "", USER_AGENT)
    token = token_generator(config, keys.SigningKeys(config["VAR_DIR"])).generate(
        "authorization_code", client, subject_of_login(Login(account, session)), " ".join(requested),
        include_refresh_token=False)
    return token["access_token"]


def _arguments(parser):
    parser.add_argument("email", help="the person's login email")
    parser.add_argument("--scope", help="space-separated, some of the portal's scopes (default: all but "
                                        "offline_access)")


token_command.arguments = _arguments
