"""Identity rules as plain functions: no Flask, no peewee, no pika."""
import base64
import hashlib
import hmac
import ipaddress
import struct
from datetime import timedelta
from urllib.parse import quote, urlencode

from services.common.i18n import N_
from services.common.errors import RuleViolation

VERIFICATION_TTL = timedelta(hours=24)  # ID2 (our choice)
RESET_TTL = timedelta(hours=1)  # ID4 (our choice)
PENDING_LOGIN_TTL = timedelta(minutes=5)  # between the password and the second factor (ID6)
BACKUP_CODE_COUNT = 10  # ID6
FAILURES_PER_ACCOUNT_PER_HOUR = 100  # ID10 (our choice)
FAILURES_PER_IP_PER_HOUR = 300  # ID10 (our choice)


def hash_token(token):
    """What identity stores of a random 256-bit secret it hands out (mailed links, backup codes,
    authorization codes, refresh tokens, client secrets): a plain SHA-256 is enough for those."""
    return hashlib.sha256(token.encode()).hexdigest()


# ID3: the kinds of organization a sign-up may ask orgs to create (orgs' KINDS: the event
# contract test fails if they differ).
ORGANIZATION_KINDS = ("individual", "company")


# ID3: the organization a sign-up creates is named after the person, or the company.
def personal_organization(first_name, last_name, kind, company_name=None, currency="CHF"):
    if kind == "company":
        if not (company_name or "").strip():
            raise RuleViolation("ID3", N_("A company sign-up needs the company's name."))
        name = company_name.strip()
    else:
        name = f"{first_name.strip()} {last_name.strip()}"
    return {"kind": kind, "name": name, "currency": currency}


def normalize_email(email):
    """Addresses compare case-insensitively in practice; keep one spelling per account."""
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}".lower()


# ID12: the scopes a person can grant to an app. `account` is identity's own /v1/me API.
USER_SCOPES = ("openid", "profile", "email", "offline_access", "account", "orgs", "billing", "partner")
# The provider's staff (PA1: they review partner applications). Only the first-party portal may ask
# for it, and a token carries it only when its account is staff (`Account.staff`, set by the
# operator command `staff grant|revoke EMAIL`); anyone else asking gets a token without it.
STAFF_SCOPE = "staff"
PORTAL_SCOPES = USER_SCOPES + (STAFF_SCOPE,)
# Scopes that name no resource server: OpenID Connect's own, the right to introspect, and staff
# (a role that resource servers read beside their own scope).
SCOPES_WITHOUT_AUDIENCE = {"openid", "profile", "email", "offline_access", "introspect", STAFF_SCOPE}
SCOPE_SERVICE = {"account": "identity"}


def unknown_scopes(requested, declared):
    """The scopes asked for that the client was not declared with (RFC 6749 3.3: invalid_scope)."""
    return sorted(set((requested or "").split()) - set(declared))


def granted_scope(requested, declared):
    """The scope a request resolves to, or None when it must be refused with invalid_scope.

    No scope asked means the client's declared set (its documented default, RFC 6749 3.3),
    which then goes through consent like any other request. A scope the client was not
    declared with refuses the whole request: silently dropping it would leave an empty
    request that later code could mistake for "no scope asked" and widen to the default.
    """
    asked = (requested or "").split()
    if not asked:
        return " ".join(declared)
    if unknown_scopes(requested, declared):
        return None
    return " ".join(dict.fromkeys(asked))  # each scope once, in the order asked


def scope_for_account(scope, is_staff):
    """The scope a token of this account gets: `staff` only for staff accounts, silently dropped otherwise."""
    if is_staff:
        return scope
    return " ".join(s for s in (scope or "").split() if s != STAFF_SCOPE)


def audiences_for(scopes):
    """A token is meant for the services its scopes name: 'orgs:read' -> 'orgs', 'account' -> 'identity'."""
    names = (scope.split(":", 1)[0] for scope in scopes if scope not in SCOPES_WITHOUT_AUDIENCE)
    return sorted({SCOPE_SERVICE.get(name, name) for name in names})


# -- Passwords (ID1) -------------------------------------------------------------------

# The most used passwords of public breach lists that are 10+ characters long.
COMMON_PASSWORDS = frozenset("""
1234567890 0987654321 1q2w3e4r5t 1qaz2wsx3edc qwertyuiop qwerty1234 qwerty12345 password12
password123 password1234 passw0rd123 iloveyou12 abcdefghij abc1234567 aaaaaaaaaa 1111111111
0000000000 123123123123 1234567891 12345678910 qwertyuiop123 asdfghjkl1 zxcvbnm123 letmein123
welcome123 welcome1234 football123 baseball123 sunshine123 princess123 dragon1234 monkey1234
trustno123 superman123 starwars123 computer123 administrator changeme123 motdepasse passwort123
""".split())


def password_problems(password, email=""):
    """What is wrong with a new password, as sentences (empty when it is acceptable)."""
    problems = []
    lowered = password.lower()
    local = normalize_email(email).split("@")[0] if email else ""
    if len(password) < 10:
        problems.append(N_("It must be at least 10 characters long."))
    if password.isdigit():
        problems.append(N_("It must not be only digits."))
    if local and len(local) >= 3 and local in lowered:
        problems.append(N_("It must not contain the part of your email address before the @."))
    if lowered in COMMON_PASSWORDS or lowered == normalize_email(email):
        problems.append(N_("It is one of the most common passwords."))
    return problems


def check_new_password(password, email=""):
    problems = password_problems(password, email)
    if problems:
        raise RuleViolation("ID1", "The password is too weak: " + " ".join(problems), reasons=problems)


# -- Single-use mailed links (ID2, ID4) ----------------------------------------------------

def link_is_usable(expires_at, used_at, now):
    return used_at is None and now < expires_at


# -- TOTP, RFC 6238 (ID6) ----------------------------------------------------------------

TOTP_STEP_SECONDS, TOTP_DIGITS, TOTP_WINDOW = 30, 6, 1


def totp_at_step(secret_b32, step):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10 ** TOTP_DIGITS).zfill(TOTP_DIGITS)


def time_step(now_timestamp):
    return int(now_timestamp) // TOTP_STEP_SECONDS


def accepted_step(secret_b32, code, now_timestamp, last_step=None):
    """The time-step `code` matches (current ±1), or None; a step at or before the last
    accepted one is refused, so each code works at most once."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    current = time_step(now_timestamp)
    for step in range(current - TOTP_WINDOW, current + TOTP_WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp_at_step(secret_b32, step), code):
            return step
    return None


def otpauth_uri(secret_b32, email, issuer="Partner Portal"):
    label = quote(f"{issuer}:{email}")
    query = urlencode({"secret": secret_b32, "issuer": issuer, "algorithm": "SHA1",
                       "digits": TOTP_DIGITS, "period": TOTP_STEP_SECONDS})
    return f"otpauth://totp/{label}?{query}"


def normalize_backup_code(code):
    return (code or "").strip().replace("-", "").replace(" ", "").upper()


# -- Devices, locations, throttling (ID8, ID10) ---------------------------------------------

def network_prefix(ip):
    """The /24 (IPv4) or /48 (IPv6) network an address belongs to: a 'location'."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def is_throttled(account_failures, ip_failures, per_account=FAILURES_PER_ACCOUNT_PER_HOUR,
                 per_ip=FAILURES_PER_IP_PER_HOUR):
    return account_failures >= per_account or ip_failures >= per_ip


# -- OAuth2 (ID12) ----------------------------------------------------------------------

def authentication_methods(two_factor_passed):
    """RFC 8176 `amr` of a login: the password, plus a one-time code when 2FA passed (ID6)."""
    return ["pwd", "otp"] if two_factor_passed else ["pwd"]


def user_claims(account, scopes):
    """OpenID Connect standard claims an app may read, by granted scope."""
    claims = {"sub": str(account["id"])}
    if "email" in scopes:
        claims.update(email=account["email"], email_verified=bool(account.get("email_verified")))
    if "profile" in scopes:
        claims.update(given_name=account["first_name"], family_name=account["last_name"],
                      name=f"{account['first_name']} {account['last_name']}")
    return claims


# -- OAuth2 client declarations (config, checked at start-up) ---------------------------
USER_GRANT_TYPES = ("authorization_code", "refresh_token")
CONFIDENTIAL_AUTH = "client_secret_basic"


def client_declaration(client_id, declared, portal_url):
    """One OAuth2 client as declared in config, completed and checked (ValueError if wrong).

    A list is a service client's scopes (client credentials). A dict has a `kind`:
    "service", "portal" (first-party, confidential, skips consent) or "third_party"
    (exact `redirect_uris`, `scopes` and `grant_types`; `"public": true` for apps that
    cannot keep a secret: token_endpoint_auth_method "none"). `post_logout_redirect_uris`
    (OpenID Connect RP-Initiated Logout) are where /oauth/logout may send the browser back;
    the portal's default is {PORTAL_URL}/signed-out.
    """
    if isinstance(declared, (list, tuple)):
        declared = {"kind": "service", "scopes": list(declared)}
    kind = declared.get("kind", "service")
    if kind == "service":
        return {"kind": kind, "scopes": sorted(declared.get("scopes", [])), "redirect_uris": [],
                "post_logout_redirect_uris": [], "grant_types": ["client_credentials"],
                "auth_method": CONFIDENTIAL_AUTH, "skip_consent": False}
    portal = kind == "portal"
    if kind not in ("portal", "third_party"):
        raise ValueError(f"OAuth2 client {client_id!r}: unknown kind {kind!r}")
    allowed = PORTAL_SCOPES if portal else USER_SCOPES
    scopes = declared.get("scopes") or list(allowed)
    redirect_uris = declared.get("redirect_uris") or ([portal_url.rstrip("/") + "/auth/callback"] if portal else [])
    logout_uris = declared.get("post_logout_redirect_uris",
                               [portal_url.rstrip("/") + "/signed-out"] if portal else [])
    grant_types = declared.get("grant_types") or list(USER_GRANT_TYPES)
    unknown = set(scopes) - set(allowed)
    if unknown or set(grant_types) - set(USER_GRANT_TYPES) or "authorization_code" not in grant_types:
        raise ValueError(f"OAuth2 client {client_id!r}: scopes {sorted(unknown)} or grant types {grant_types} not allowed")
    if not redirect_uris or not all(_acceptable_redirect(uri) for uri in [*redirect_uris, *logout_uris]):
        raise ValueError(f"OAuth2 client {client_id!r}: needs absolute https redirect URIs without fragment")
    public = bool(declared.get("public")) and not portal
    return {"kind": kind, "scopes": sorted(scopes), "redirect_uris": list(redirect_uris),
            "post_logout_redirect_uris": list(logout_uris), "grant_types": sorted(grant_types), "auth_method": "none" if public else CONFIDENTIAL_AUTH,
            "skip_consent": portal}


def _acceptable_redirect(uri):
    scheme, _, rest = uri.partition("://")
    host = rest.split("/", 1)[0].split(":", 1)[0]
    loopback = host in ("127.0.0.1", "localhost", "[::1]")
    return "#" not in uri and bool(host) and (scheme == "https" or (scheme == "http" and loopback)
                                               or (scheme == "http" and "." not in host))
