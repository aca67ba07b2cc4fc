"""OpenID Connect userinfo: the person's claims, by the scopes of a valid access token.

Errors follow RFC 6750 3.1: 401 with `WWW-Authenticate: Bearer error="invalid_token"`,
403 `insufficient_scope` for a token without `openid`.
"""
from flask import current_app, jsonify, request
from joserfc.jwk import KeySet

from ..oauth import tokens as oauth_tokens


def _error(status, error, description):
    response = jsonify(error=error, error_description=description)
    response.status_code = status
    response.headers["WWW-Authenticate"] = f'Bearer realm="identity", error="{error}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def userinfo():
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _error(401, "invalid_token", "A bearer access token is required.")
    keys = KeySet.import_key_set(current_app.extensions["signing_keys"].public_jwks())
    claims = oauth_tokens.verified_access_claims(token.strip(), current_app.config["ISSUER"], keys)
    if claims is None or oauth_tokens.is_revoked_access(claims["jti"]) or claims["sub"] == claims["client_id"]:
        return _error(401, "invalid_token", "The access token is invalid, expired, revoked or not a person's.")
    scopes = (claims.get("scope") or "").split()
    if "openid" not in scopes:
        return _error(403, "insufficient_scope", "The access token lacks the scope 'openid'.")
    found = oauth_tokens.account_claims(claims["sub"], scopes)
    if found is None:
        return _error(401, "invalid_token", "The account of this token no longer exists.")
    response = jsonify(found)
    response.headers["Cache-Control"] = "no-store"
    return response
