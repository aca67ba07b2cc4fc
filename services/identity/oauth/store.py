"""What the OAuth2 server remembers (ID12): single-use codes, rotating refresh-token
families bound to the browser session, revoked access tokens.
"""
import calendar
import datetime
import uuid
from dataclasses import dataclass, field

from services.common import clock
from services.common.clock import utcnow
from services.common.jwks import unverified_part

from .. import domain
from ..domain import hash_token
from ..models import BrowserSession, db, outbox
from .models import AuthorizationCode, RefreshToken, RevokedAccessToken


@dataclass
class Subject:
    """The person a grant acts for, and how and when they logged in (claims sid, amr, auth_time)."""

    account: object
    session_id: object
    auth_time: int
    amr: list = field(default_factory=lambda: ["pwd"])

    def get_user_id(self):
        return str(self.account.id)


def subject_of_login(login):
    session = login.session
    return Subject(login.account, session.id, calendar.timegm(session.created_at.utctimetuple()),
                   domain.authentication_methods(session.two_factor_passed))


def session_alive(session_id):
    return BrowserSession.select().where((BrowserSession.id == session_id)
                                         & BrowserSession.revoked_at.is_null()).exists()


# -- authorization codes --------------------------------------------------------------

def save_code(code, request, ttl):
    user, payload = request.user, request.payload
    AuthorizationCode.create(
        code_hash=hash_token(code), client_id=request.client.get_client_id(), account=user.account,
        session=user.session_id, redirect_uri=payload.redirect_uri, scope=request.scope or "",
        nonce=payload.data.get("nonce"), code_challenge=payload.data["code_challenge"],
        code_challenge_method=payload.data["code_challenge_method"], auth_time=user.auth_time,
        amr=" ".join(user.amr), expires_at=utcnow() + datetime.timedelta(seconds=ttl))


def redeem_code(code, client_id):
    """The code, consumed; None if unknown, expired or already used. A replayed code also
    revokes what its first use issued (RFC 6749 4.1.2)."""
    code_hash = hash_token(code)
    with db.atomic():
        row = AuthorizationCode.get_or_none((AuthorizationCode.code_hash == code_hash)
                                            & (AuthorizationCode.client_id == client_id))
        if row is None:
            return None
        claimed = AuthorizationCode.update(used_at=utcnow()).where(
            (AuthorizationCode.code_hash == code_hash) & AuthorizationCode.used_at.is_null()).execute()
        if not claimed:
            _revoke_issued_from(row)
            return None
    return row if row.expires_at >= utcnow() else None


def _revoke_issued_from(code):
    families = RefreshToken.select(RefreshToken.family).where(RefreshToken.code_hash == code.code_hash)
    RefreshToken.update(revoked_at=utcnow()).where(RefreshToken.family.in_(families)
                                                   & RefreshToken.revoked_at.is_null()).execute()
    if code.access_jti:
        revoke_access_token(code.access_jti, utcnow() + datetime.timedelta(days=1))


def nonce_used(nonce, client_id):
    """OpenID Connect: a nonce already bound to a code of this client is a replay."""
    return AuthorizationCode.select().where((AuthorizationCode.nonce == nonce)
                                            & (AuthorizationCode.client_id == client_id)).exists()


def subject_of_code(code):
    if not session_alive(code.session_id):
        return None
    return Subject(code.account, code.session_id, code.auth_time, code.amr.split())


# -- refresh tokens -------------------------------------------------------------------

def save_token(token, request, refresh_ttl):
    """authlib's save_token: remember the new refresh token in its family, and which access
    token a code issued. Access tokens themselves are self-contained JWTs."""
    user = request.user
    if not isinstance(user, Subject):
        return  # client credentials: nothing to remember
    code, parent = request.authorization_code, request.refresh_token
    access = unverified_part(token["access_token"], 1)  # signed just now by this process
    if code is not None:
        AuthorizationCode.update(access_jti=access.get("jti")).where(
            AuthorizationCode.code_hash == code.code_hash).execute()
    if "refresh_token" in token:
        RefreshToken.create(
            token_hash=hash_token(token["refresh_token"]), family=parent.family if parent else uuid.uuid4(),
            code_hash=parent.code_hash if parent else code.code_hash, client_id=request.client.get_client_id(),
            # RFC 6749 6: the new refresh token keeps its parent's scope; a narrower access
            # token now does not narrow what later refreshes may ask for.
            account=user.account, session=user.session_id, scope=parent.scope if parent else token.get("scope", ""),
            auth_time=user.auth_time, amr=" ".join(user.amr), expires_at=utcnow() + datetime.timedelta(seconds=refresh_ttl),
            access_jti=access.get("jti"), access_expires_at=clock.stored(access["exp"]) if "exp" in access else None)


def use_refresh_token(token_string, client_id, requested_scope=None):
    """The refresh token, now used up (rotation); None if unknown, expired, revoked or its
    browser session ended. Presenting a used token again revokes its whole family."""
    row = RefreshToken.get_or_none(RefreshToken.token_hash == hash_token(token_string))
    if row is None or row.client_id != client_id or row.revoked_at is not None:
        return None
    if requested_scope and not set(requested_scope.split()) <= set(row.scope.split()):
        return row  # authlib answers invalid_scope; the token is not spent by a bad request
    if row.expires_at < utcnow() or not session_alive(row.session_id):
        revoke_family(row.family)
        return None
    claimed = RefreshToken.update(used_at=utcnow()).where(
        (RefreshToken.token_hash == row.token_hash) & RefreshToken.used_at.is_null()).execute()
    if not claimed:
        revoke_family(row.family)  # reuse: someone holds a copy; end every descendant
        return None
    return row


def subject_of_refresh(row):
    return Subject(row.account, row.session_id, row.auth_time, row.amr.split())


def revoke_family(family):
    """End every refresh token of one authorization and the access tokens issued with them
    that have not expired yet (RFC 7009 2.1; on reuse, whoever holds a copy loses them too)."""
    with db.atomic():
        RefreshToken.update(revoked_at=utcnow()).where((RefreshToken.family == family)
                                                       & RefreshToken.revoked_at.is_null()).execute()
        issued = RefreshToken.select(RefreshToken.access_jti, RefreshToken.access_expires_at).where(
            (RefreshToken.family == family) & RefreshToken.access_jti.is_null(False)
            & (RefreshToken.access_expires_at > utcnow()))
        for row in issued:
            revoke_access_token(row.access_jti, row.access_expires_at)


def revoke_access_token(jti, expires_at):
    """`expires_at`: naive UTC, as stored. Introspection reports it inactive, and every service refuses it from now on (ID12)."""
    with db.atomic():
        RevokedAccessToken.insert(jti=jti, expires_at=expires_at).on_conflict_ignore().execute()
        outbox.emit("identity.access_token.revoked", {"jti": jti, "expires_at": int(clock.epoch(expires_at))})


def revoked_credentials(access_token_ttl):
    """Identity's own revocation list for its resource endpoints (/v1/me...): sessions ended
    recently enough for their tokens to be alive, and revoked access tokens not yet expired."""
    def load():
        since = utcnow() - datetime.timedelta(seconds=access_token_ttl + 60)
        sids = {str(row.id) for row in BrowserSession.select(BrowserSession.id).where(
            BrowserSession.revoked_at.is_null(False) & (BrowserSession.revoked_at > since))}
        jtis = {row.jti for row in RevokedAccessToken.select(RevokedAccessToken.jti).where(
            RevokedAccessToken.expires_at > utcnow())}
        return sids, jtis
    return load
