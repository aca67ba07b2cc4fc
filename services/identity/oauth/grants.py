"""The grants and token generator of the OAuth2 / OpenID Connect server (ID12), with authlib;
they are registered on authlib's Flask server in api/oauth_server.py.

Grants: client credentials (services), authorization code with PKCE S256 required for
every client (portal and third-party apps) plus OpenID Connect id_tokens, and refresh
tokens rotated on every use. No implicit or password grant. Access tokens are RFC 9068
JWTs signed RS256 with the newest key of `keys.SigningKeys`. Each subclass below only
fills in authlib's hooks; what is stored lives in `store` (codes, refresh
families) and `tokens` (looking any token up).
"""
import time

from authlib.common.security import generate_token
from authlib.oauth2.rfc6749 import InvalidRequestError, InvalidScopeError, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode as _OpenIDCode

from .. import domain
from . import store as oauth_store, tokens as oauth_tokens
from .endpoints import WITH_PUBLIC_CLIENTS


class DeclaredScopes:
    """RFC 6749 3.3, RFC 9700: a request naming a scope its client was not declared with is
    refused with invalid_scope, not trimmed to what is left (an empty leftover used to widen
    to every declared scope). authlib calls this hook once the client is known."""

    def validate_requested_scope(self):
        super().validate_requested_scope()
        if domain.unknown_scopes(self.request.payload.scope, self.request.client.scopes):
            raise InvalidScopeError("The request names a scope this client was not declared with.")


class ClientCredentialsGrant(DeclaredScopes, grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


class AuthorizationCodeGrant(DeclaredScopes, grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = WITH_PUBLIC_CLIENTS

    def save_authorization_code(self, code, request):
        oauth_store.save_code(code, request, self.server.code_ttl)

    def query_authorization_code(self, code, client):
        return oauth_store.redeem_code(code, client.get_client_id())

    def delete_authorization_code(self, authorization_code):
        """Already used up by query_authorization_code: a code is spent even if the exchange fails."""

    def authenticate_user(self, authorization_code):
        return oauth_store.subject_of_code(authorization_code)


class RefreshTokenGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = WITH_PUBLIC_CLIENTS
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotation: every refresh returns a new refresh token

    def authenticate_refresh_token(self, refresh_token):
        return oauth_store.use_refresh_token(refresh_token, self.request.client.get_client_id(),
                                             self.request.payload.scope)

    def authenticate_user(self, refresh_token):
        return oauth_store.subject_of_refresh(refresh_token)

    def revoke_old_credential(self, refresh_token):
        """Already used up, atomically, by authenticate_refresh_token."""


class S256CodeChallenge(CodeChallenge):
    """PKCE for every client, S256 only: a missing challenge or `plain` is refused."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send code_challenge and code_challenge_method=S256.")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Only code_challenge_method=S256 is accepted.")
        super().validate_code_challenge(grant, redirect_uri)


class OpenIDCode(_OpenIDCode):
    def __init__(self, issuer, keys, ttl):
        super().__init__(require_nonce=False)
        self.issuer, self.keys, self.ttl = issuer, keys, ttl

    def exists_nonce(self, nonce, request):
        if len(nonce) > 255 or "\x00" in nonce:
            raise InvalidRequestError("Invalid 'nonce': at most 255 characters.")
        return oauth_store.nonce_used(nonce, request.payload.client_id)

    def resolve_client_private_key(self, client):
        return self.keys.current()

    def get_client_algorithm(self, client):
        return "RS256"

    def get_encode_header(self, client):
        return {"alg": "RS256", "kid": self.keys.current().keys[0].kid}

    def get_client_claims(self, client):
        return {"iss": self.issuer, "aud": [client.get_client_id()], "exp": int(time.time()) + self.ttl}

    def generate_user_info(self, user, scope):
        # `sid` names the login, so /oauth/logout can end that very session (RP-Initiated Logout).
        claims = oauth_tokens.account_claims(user.account.id, scope.split()) or {"sub": user.get_user_id()}
        return UserInfo({**claims, "sid": str(user.session_id)})


class TokenGenerator(JWTBearerTokenGenerator):
    def __init__(self, issuer, keys):
        super().__init__(issuer=issuer, alg="RS256", refresh_token_generator=lambda **_: generate_token(48))
        self.keys = keys

    def generate(self, grant_type, client, user=None, scope=None, expires_in=None, include_refresh_token=True):
        # A refresh token only for offline access, which only user-facing clients may hold; a
        # refresh (its token proves offline access) rotates it even when it narrows the scope.
        if user is not None:  # `staff` only in staff accounts' tokens; asking for it is no error
            scope = domain.scope_for_account(scope, bool(user.account.staff))
        offline = grant_type == "refresh_token" or "offline_access" in (scope or "").split()
        include = include_refresh_token and offline
        token = super().generate(grant_type, client, user, scope, expires_in, include)
        # RFC 6749 5.1: `scope` is required when it differs from the request; always stating
        # it spares clients guessing (authlib leaves it out when empty).
        token.setdefault("scope", "")
        return token

    def get_jwks(self):
        return self.keys.current()

    def get_audiences(self, client, user, scope):
        return domain.audiences_for((scope or "").split()) or [client.get_client_id()]

    def get_auth_time(self, user):
        return user.auth_time if user else None

    def get_amr(self, user):
        return user.amr if user else None

    def get_extra_claims(self, client, grant_type, user, scope):
        return {"sid": str(user.session_id)} if user else {}


def token_generator(config, keys):
    """The access tokens of every grant (and of the `token` operator command)."""
    ttl = config["ACCESS_TOKEN_TTL"]
    generator = TokenGenerator(config["ISSUER"], keys)
    generator.expires_generator = lambda client, grant_type: ttl
    return generator

