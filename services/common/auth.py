"""Verifying access tokens locally (RFC 9068 JWTs signed by identity); getting our own is client.py's.

Resource servers never call identity per request: they keep identity's JWKS in memory,
refetch it when a token names an unknown key id (key rotation), and check issuer,
audience, expiry and scope with authlib's RFC 9068 validator.
"""
import functools
import time

import requests
from authlib.oauth2.rfc6750 import InsufficientScopeError, InvalidTokenError
from authlib.oauth2.rfc9068 import JWTBearerTokenValidator
from flask import current_app, g, request

from .errors import Forbidden, NotFound, Unauthorized
from .jwks import JWKSCache, key_id
from .revocations import RevocationList


class ServiceTokenValidator(JWTBearerTokenValidator):
    CACHE_SIZE = 1024

    def __init__(self, issuer, audience, jwks):
        super().__init__(issuer=issuer, resource_server=audience)
        self.jwks = jwks
        self._verified = {}  # token string -> claims whose signature was checked
        self._valid_until = {}  # token string -> its `exp`, once validate_token passed

    def get_jwks(self):
        return self.jwks.keys()

    def authenticate_token(self, token_string):
        """Checks the signature once per token; expiry, issuer and audience are still checked on
        every request by validate_token (the RSA check was 13 % of an authenticated read)."""
        cached = self._verified.get(token_string)
        if cached is not None:
            return cached
        self.jwks.keys(key_id(token_string))  # refetches when a rotated key shows up
        claims = super().authenticate_token(token_string)
        if len(self._verified) >= self.CACHE_SIZE:
            self._verified.clear()
        self._verified[token_string] = claims
        return claims

    def check(self, token_string, request):
        """The claims of a valid token: signature, then issuer, audience and times.

        A token string whose claims passed once is re-checked only for expiry afterwards: its
        signed claims cannot change, and issuer, audience and issue time stay valid."""
        expires = self._valid_until.get(token_string)
        if expires is not None and time.time() < expires:
            return self._verified[token_string]
        claims = self.authenticate_token(token_string)
        self.validate_token(claims, [], request)
        if len(self._valid_until) >= self.CACHE_SIZE:
            self._valid_until.clear()
        if isinstance(claims.get("exp"), (int, float)) and token_string in self._verified:
            self._valid_until[token_string] = claims["exp"]
        return claims


def init_auth(app, audience, fetch=None, revocations=None):
    config = app.config
    jwks = JWKSCache(config["JWKS_URL"], fetch)
    app.extensions["token_validator"] = ServiceTokenValidator(config["ISSUER"], audience, jwks)
    app.extensions["revocations"] = RevocationList(revocations) if revocations else None


def current_token():
    """The verified claims of the request's bearer token (401 problem if none is valid)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("A bearer access token is required.")
    validator = current_app.extensions["token_validator"]
    try:
        claims = validator.check(token.strip(), request)
    except InvalidTokenError:
        raise Unauthorized("The access token is invalid, expired or not meant for this service.")
    except requests.RequestException:
        raise Unauthorized("The token issuer's keys could not be fetched; try again.")
    revoked = current_app.extensions.get("revocations")
    if revoked is not None and revoked.is_revoked(claims):
        raise Unauthorized("The access token was revoked (its session ended, or it was revoked itself).")
    return claims


def is_service_token(claims):
    """Client credentials: the client acts for itself (RFC 9068: `sub` is the client id)."""
    return claims.get("sub") == claims.get("client_id")


def auth_requirement(check):
    """Decorator: `check()` (raising a 401/403/404 problem, or setting g.token) guards the view.

    The check is also left on the view as `auth_check`, so the request pipeline
    (web.py, `check_auth_first`) runs it before anything reads the body or query: a request
    without a valid token is a 401, never a 422. The view runs it again only if it did not."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            run_auth_check(check)
            return view(*args, **kwargs)

        wrapper.auth_check = check
        return wrapper

    return decorator


def run_auth_check(check):
    if g.get("auth_checked") is not check:
        check()
        g.auth_checked = check


def _scoped(claims, scope):
    if scope not in (claims.get("scope") or "").split():
        raise Forbidden(f"The access token lacks the scope {scope!r}.", required_scope=scope)


def service_check(scope):
    """A service's token for this service carrying `scope`, else a 401/403 problem.

    A person's token gets a 404: service endpoints do not exist for people, so a member of
    one organization learns nothing from probing another's ids there (tenant isolation)."""

    def check():
        claims = current_token()
        if not is_service_token(claims):
            raise NotFound("No such resource.")
        _scoped(claims, scope)
        g.token = claims

    return check


def user_check(scope):
    """A user's token (issued through the authorization-code flow) with `scope`.

    Service tokens (client credentials: `sub` is the client itself) are refused here, so a
    service scope never stands in for a person's rights. `g.account_id` is the subject."""

    def check():
        claims = current_token()
        if is_service_token(claims):
            raise Forbidden("This endpoint acts for a person: use a user's access token.")
        _scoped(claims, scope)
        g.token, g.account_id = claims, claims["sub"]

    return check


def require_scope(scope):
    return auth_requirement(service_check(scope))


def require_user(scope):
    return auth_requirement(user_check(scope))


__all__ = ["InsufficientScopeError", "JWKSCache", "auth_requirement", "current_token", "init_auth",
           "key_id", "require_scope", "require_user", "run_auth_check", "service_check", "user_check"]
