"""Identity rules as plain functions: no Flask, no peewee, no pika."""
from services.common.errors import RuleViolation

# ID3: the organization a sign-up creates is named after the person, or the company.
def personal_organization(first_name, last_name, kind, company_name=None, currency="CHF"):
    if kind == "company":
        if not (company_name or "").strip():
            raise RuleViolation("ID3", "A company sign-up needs the company's name.")
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
# Scopes that name no resource server: OpenID Connect's own, and the right to introspect.
SCOPES_WITHOUT_AUDIENCE = {"openid", "profile", "email", "offline_access", "introspect"}
SCOPE_SERVICE = {"account": "identity"}


def audiences_for(scopes):
    """A token is meant for the services its scopes name: 'orgs:read' -> 'orgs', 'account' -> 'identity'."""
    names = (scope.split(":", 1)[0] for scope in scopes if scope not in SCOPES_WITHOUT_AUDIENCE)
    return sorted({SCOPE_SERVICE.get(name, name) for name in names})


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
    cannot keep a secret: token_endpoint_auth_method "none").
    """
    if isinstance(declared, (list, tuple)):
        declared = {"kind": "service", "scopes": list(declared)}
    kind = declared.get("kind", "service")
    if kind == "service":
        return {"kind": kind, "scopes": sorted(declared.get("scopes", [])), "redirect_uris": [],
                "grant_types": ["client_credentials"], "auth_method": CONFIDENTIAL_AUTH, "skip_consent": False}
    if kind not in ("portal", "third_party"):
        raise ValueError(f"OAuth2 client {client_id!r}: unknown kind {kind!r}")
    portal = kind == "portal"
    scopes = declared.get("scopes") or list(USER_SCOPES)
    redirect_uris = declared.get("redirect_uris") or ([portal_url.rstrip("/") + "/auth/callback"] if portal else [])
    grant_types = declared.get("grant_types") or list(USER_GRANT_TYPES)
    unknown = set(scopes) - set(USER_SCOPES)
    if unknown or set(grant_types) - set(USER_GRANT_TYPES) or "authorization_code" not in grant_types:
        raise ValueError(f"OAuth2 client {client_id!r}: scopes {sorted(unknown)} or grant types {grant_types} not allowed")
    if not redirect_uris or not all(_acceptable_redirect(uri) for uri in redirect_uris):
        raise ValueError(f"OAuth2 client {client_id!r}: needs absolute https redirect URIs without fragment")
    public = bool(declared.get("public")) and not portal
    return {"kind": kind, "scopes": sorted(scopes), "redirect_uris": list(redirect_uris),
            "grant_types": sorted(grant_types), "auth_method": "none" if public else CONFIDENTIAL_AUTH,
            "skip_consent": portal}


def _acceptable_redirect(uri):
    scheme, _, rest = uri.partition("://")
    host = rest.split("/", 1)[0].split(":", 1)[0]
    loopback = host in ("127.0.0.1", "localhost", "[::1]")
    return "#" not in uri and bool(host) and (scheme == "https" or (scheme == "http" and loopback)
                                               or (scheme == "http" and "." not in host))
