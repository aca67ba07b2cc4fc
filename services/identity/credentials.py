"""What the identity use cases share: the password hasher, mailed single-use links, recording
mail and SMS (sent by the worker after commit), and ending sessions (which also ends the OAuth2
refresh tokens bound to them)."""
import secrets

from argon2 import PasswordHasher
from argon2.low_level import Type

from services.common.clock import utcnow

from . import domain
from .models import BrowserSession, EmailToken, messages, outbox

# argon2id, m=19 MiB, t=2, p=1: OWASP's minimum for argon2id.
passwords = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)


def issue_link(account, purpose, ttl, new_email=None):
    """A new single-use token for `purpose`; older unused ones of the same purpose stop working."""
    now = utcnow()
    EmailToken.update(used_at=now).where((EmailToken.account == account) & (EmailToken.purpose == purpose)
                                         & EmailToken.used_at.is_null()).execute()
    token = secrets.token_urlsafe(32)
    EmailToken.create(token_hash=domain.hash_token(token), account=account, purpose=purpose, new_email=new_email,
                      expires_at=now + ttl)
    return token


def consume_link(token, purpose):
    """The EmailToken row for a valid, unused, unexpired token (marked used), or None."""
    row = EmailToken.get_or_none((EmailToken.token_hash == domain.hash_token(token or "")) & (EmailToken.purpose == purpose))
    now = utcnow()
    if row is None or not domain.link_is_usable(row.expires_at, row.used_at, now):
        return None
    used = EmailToken.update(used_at=now).where((EmailToken.token_hash == row.token_hash)
                                                & EmailToken.used_at.is_null()).execute()
    return row if used == 1 else None  # two clicks at once: only one wins


def link(config, path, token):
    return f"{config['ISSUER'].rstrip('/')}{path}?token={token}"


def mail(to, subject, text):
    """Record a mail in the caller's transaction; the worker's sender sends it after commit."""
    messages.mail(to, subject, text)


def text_message(to, text):
    """Record an SMS in the caller's transaction, like `mail`."""
    messages.sms(to, text)


def revoke_sessions(account_id, keep_session_id=None, only=None):
    """End the account's live sessions (all, all but `keep_session_id`, or those in `only`),
    and announce them so every service refuses their access tokens at once (ID12). Inside
    the caller's transaction; returns how many ended."""
    live = (BrowserSession.account == account_id) & BrowserSession.revoked_at.is_null()
    if keep_session_id:
        live &= BrowserSession.id != keep_session_id
    if only is not None:
        live &= BrowserSession.id.in_(list(only))
    ids = [row.id for row in BrowserSession.select(BrowserSession.id).where(live)]
    if not ids:
        return 0
    BrowserSession.update(revoked_at=utcnow()).where(BrowserSession.id.in_(ids)).execute()
    outbox.emit("identity.sessions.revoked", {"account_id": account_id, "session_ids": ids})
    return len(ids)
