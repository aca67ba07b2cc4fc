"""OpenID Connect RP-Initiated Logout 1.0 (ID12): which login an app asks to end, and where the
browser may go back to. The page itself is web/logout.py.

The app names the login with an `id_token_hint`: an ID token identity issued (signature and
issuer checked; its expiry does not matter, as apps keep the ID token of a login for its whole
life). Without a valid hint nothing is ended from a GET, and no redirect is followed: any page
could otherwise sign people out, or use identity as an open redirect.
"""
import uuid

from authlib.common.urls import add_params_to_uri
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from ..credentials import revoke_sessions
from ..models import BrowserSession, db
from .clients import query_client


def id_token_claims(hint, issuer, jwks):
    """The claims of an ID token identity signed, whatever its expiry; None otherwise."""
    if not hint or hint.count(".") != 2:
        return None
    try:
        token = jwt.decode(hint, KeySet.import_key_set(jwks), algorithms=["RS256"])
    except (JoseError, ValueError, TypeError):
        return None
    claims = token.claims
    if token.header.get("typ") == "at+jwt" or "client_id" in claims:  # an access token, not an ID token
        return None
    if claims.get("iss") != issuer or not claims.get("sub") or not _audiences(claims):
        return None
    return claims


def _audiences(claims):
    aud = claims.get("aud")
    return [aud] if isinstance(aud, str) else [a for a in aud or [] if isinstance(a, str)]


def hinted_client(claims, client_id):
    """The client the ID token was issued to (`client_id`, when given, must be one of its
    audiences); None when they disagree or the client is gone."""
    audiences = _audiences(claims)
    if client_id and client_id not in audiences:
        return None
    return query_client(client_id or audiences[0])


def end_login(claims, cookie_session_id=None):
    """End the login the ID token names (`sid`), and this browser's session when it is the same
    account's; their refresh tokens end with them. Returns the ids of the sessions ended."""
    account_id = claims["sub"]
    ids = [_uuid(claims.get("sid")), cookie_session_id]
    ids = [i for i in ids if i and BrowserSession.select().where(
        (BrowserSession.id == i) & (BrowserSession.account == account_id)).exists()]
    if not ids:
        return []
    with db.atomic():
        revoke_sessions(account_id, only=ids)
    return ids


def redirect_target(client, uri, state):
    """`uri` (with `state`) when it is registered for `client`, else None."""
    if not client or not uri or uri not in client.post_logout_redirect_uris:
        return None
    if state:
        return add_params_to_uri(uri, {"state": state})
    return uri


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
