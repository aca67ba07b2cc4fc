"""Verifying access tokens locally (RFC 9068 JWTs signed by identity); getting our own is client.py's.

Resource servers never call identity per request: they keep identity's JWKS in memory,
refetch it when a token names an unknown key id (key rotation), and check issuer,
audience, expiry and scope with authlib's RFC 9068 validator.
"""
import base64
import functools
import json
import threading
import time

import requests
from joserfc.jwk import KeySet
from authlib.oauth2.rfc6750 import InsufficientScopeError, InvalidTokenError
from authlib.oauth2.rfc9068 import JWTBearerTokenValidator
from flask import current_app, g, request

from .errors import Forbidden, NotFound, Unauthorized
from .revocations import RevocationList


class JWKSCache:
    REFRESH_EVERY = 300  # seconds: picks up added keys even without an unknown kid
    MIN_REFETCH = 5  # seconds between refetches forced by unknown key ids

    def __init__(self, url, fetch=None):
        self.url = url
        self._fetch = fetch or (lambda: requests.get(url, timeout=5).json())
        self._lock = threading.Lock()
        self._keys, self._kids, self._fetched_at = None, set(), 0.0

    def keys(self, kid=None):
        now = time.monotonic()
        stale = now - self._fetched_at > self.REFRESH_EVERY
        unknown = kid is not None and kid not in self._kids and now - self._fetched_at > self.MIN_REFETCH
        if self._keys is None or stale or unknown:
            with self._lock:
                document = self._fetch()
                self._keys = KeySet.import_key_set(document)
                self._kids = {key.get("kid") for key in document.get("keys", [])}
                self._fetched_at = now
        return self._keys


def key_id(token_string):
    """The `kid` of a compact JWS header, or None when it cannot be read."""
    try:
        header = token_string.split(".", 1)[0]
        return json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))).get("kid")
    except (ValueError, AttributeError):
        return None


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


def require_scope(scope):
    """Decorator: a service's token for this service carrying `scope`, else a 401/403 problem.

    A person's token gets a 404: service endpoints do not exist for people, so a member of
    one organization learns nothing from probing another's ids there (tenant isolation)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            claims = current_token()
            if not is_service_token(claims):
                raise NotFound("No such resource.")
            if scope not in (claims.get("scope") or "").split():
                raise Forbidden(f"The access token lacks the scope {scope!r}.", required_scope=scope)
            g.token = claims
            return view(*args, **kwargs)

        return wrapper

    return decorator


def require_user(scope):
    """Decorator: a user's token (issued through the authorization-code flow) with `scope`.

    Service tokens (client credentials: `sub` is the client itself) are refused here, so a
    service scope never stands in for a person's rights. `g.account_id` is the subject.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            claims = current_token()
            if is_service_token(claims):
                raise Forbidden("This endpoint acts for a person: use a user's access token.")
            if scope not in (claims.get("scope") or "").split():
                raise Forbidden(f"The access token lacks the scope {scope!r}.", required_scope=scope)
            g.token, g.account_id = claims, claims["sub"]
            return view(*args, **kwargs)

        return wrapper

    return decorator


__all__ = ["InsufficientScopeError", "current_token", "init_auth", "require_scope", "require_user"]
