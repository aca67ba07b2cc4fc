"""Any token identity issued, looked up for revocation, introspection and userinfo."""
import calendar
from dataclasses import dataclass

from authlib.oauth2.rfc6750 import InvalidTokenError
from authlib.oauth2.rfc9068 import JWTBearerTokenValidator
from joserfc.errors import JoseError

from services.common import clock

from .. import domain
from ..models import Account
from . import store as oauth_store
from .models import RefreshToken, RevokedAccessToken


@dataclass
class TokenRecord:
    kind: str  # "access_token" or "refresh_token"
    client_id: str
    claims: dict
    revoked: bool
    family: object = None

    def check_client(self, client):
        return client.get_client_id() == self.client_id

    def is_expired(self):
        return self.claims["exp"] < clock.timestamp()

    def is_revoked(self):
        return self.revoked


def verified_access_claims(token_string, issuer, jwks):
    """Claims of one of our access tokens with a valid signature and issuer, else None."""
    validator = JWTBearerTokenValidator(issuer=issuer, resource_server=None)
    validator.get_jwks = lambda: jwks
    try:
        claims = validator.authenticate_token(token_string)
        claims.validate(now=int(clock.timestamp()), leeway=0)
    except (InvalidTokenError, JoseError, ValueError):
        return None
    return dict(claims)


def find_token(token_string, issuer, jwks):
    if token_string.count(".") == 2:
        claims = verified_access_claims(token_string, issuer, jwks)
        if claims is None:
            return None
        revoked = RevokedAccessToken.select().where(RevokedAccessToken.jti == claims["jti"]).exists()
        return TokenRecord("access_token", claims["client_id"], claims, revoked)
    row = RefreshToken.get_or_none(RefreshToken.token_hash == domain.hash_token(token_string))
    if row is None:
        return None
    claims = {"sub": str(row.account_id), "client_id": row.client_id, "scope": row.scope, "sid": str(row.session_id),
              "exp": int(clock.epoch(row.expires_at)), "iat": calendar.timegm(row.created_at.utctimetuple()), "iss": issuer}
    revoked = row.revoked_at is not None or row.used_at is not None or not oauth_store.session_alive(row.session_id)
    return TokenRecord("refresh_token", row.client_id, claims, revoked, row.family)


def revoke(record):
    if record.kind == "refresh_token":
        oauth_store.revoke_family(record.family)
    else:
        oauth_store.revoke_access_token(record.claims["jti"], clock.stored(record.claims["exp"]))


def is_revoked_access(jti):
    return RevokedAccessToken.select().where(RevokedAccessToken.jti == jti).exists()


def account_claims(account_id, scopes):
    account = Account.get_or_none(Account.id == account_id)
    if account is None:
        return None
    verified = bool(getattr(account, "email_verified", False) or getattr(account, "email_verified_at", None))
    return domain.user_claims({"id": account.id, "email": account.email, "email_verified": verified,
                               "first_name": account.first_name, "last_name": account.last_name}, scopes)
