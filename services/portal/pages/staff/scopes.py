"""Which scopes identity granted the person's access token (an RFC 9068 JWT): its `scope`
claim, read without verifying the signature. That is enough to decide what the pages offer:
the token came from identity to the portal itself and sits in the encrypted session cookie,
and every service verifies it again before answering."""
import base64
import json

from flask import session

from services.common.errors import Forbidden

STAFF = "staff"


def token_scopes():
    token = (session.get("tokens") or {}).get("access") or ""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return set()
    scope = claims.get("scope") or ""
    return set(scope.split() if isinstance(scope, str) else scope)


def has_staff_scope():
    return STAFF in token_scopes()


def require_staff():
    """Staff pages refuse anyone else before asking partner (which would refuse too)."""
    if not has_staff_scope():
        raise Forbidden("staff only")
