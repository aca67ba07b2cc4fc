"""Revoked credentials at resource servers: access tokens stop working within seconds of a
logout, a password change or an RFC 7009 revocation, not only at their expiry.

Identity announces `identity.sessions.revoked` (the `sid` of user tokens) and
`identity.access_token.revoked` (one token's `jti`). Each resource service records them in
its own `revoked_credentials` table (consumer, idempotent), and every web process keeps the
live entries in memory, reloaded at most once a second (`RevocationList`), so the check costs
a set lookup per request. A row is kept until no token it names can still be valid: a
session's tokens expire at most ACCESS_TOKEN_TTL after the revocation, a token at its `exp`.
"""
import logging
import os
import time
from datetime import timedelta

import peewee
from marshmallow import fields

from .events import Payload

from . import clock

log = logging.getLogger(__name__)

SESSION, ACCESS_TOKEN = "session", "access_token"


class SessionsRevoked(Payload):
    """What a resource service reads of identity.sessions.revoked."""

    session_ids = fields.List(fields.UUID(), required=True)


class AccessTokenRevoked(Payload):
    """What a resource service reads of identity.access_token.revoked."""

    jti = fields.String(required=True)
    expires_at = fields.Integer(required=True)


# The consumer-side schemas of the events `handlers` handles: a service adds them to its CONSUMED.
PAYLOADS = {"identity.sessions.revoked": SessionsRevoked, "identity.access_token.revoked": AccessTokenRevoked}


def revocation_table(proxy):
    """The `revoked_credentials` model of one service, bound to its database proxy."""

    class RevokedCredential(peewee.Model):
        kind = peewee.CharField(max_length=20)  # session | access_token
        value = peewee.CharField(max_length=100)  # the sid or the jti
        expires_at = peewee.DateTimeField(index=True)  # naive UTC; afterwards the row is useless

        class Meta:
            database = proxy
            table_name = "revoked_credentials"
            primary_key = peewee.CompositeKey("kind", "value")

    return RevokedCredential


class RevocationList:
    """This process's view of the revoked sessions and tokens; `load()` returns (sids, jtis)."""

    REFRESH_SECONDS = 1.0

    def __init__(self, load, clock=time.monotonic):
        self.load, self.clock = load, clock
        self._sids, self._jtis, self._loaded_at = frozenset(), frozenset(), None

    def is_revoked(self, claims):
        now = self.clock()
        if self._loaded_at is None or now - self._loaded_at >= self.REFRESH_SECONDS:
            self._reload(now)
        return claims.get("sid") in self._sids or claims.get("jti") in self._jtis

    def _reload(self, now):
        try:
            sids, jtis = self.load()
            self._sids, self._jtis = frozenset(sids), frozenset(jtis)
        except peewee.DatabaseError as error:  # keep the last list; try again next second
            log.warning("revocation list not reloaded", extra={"error": repr(error)})
        self._loaded_at = now


def table_loader(model):
    """`RevocationList.load` over a service's `revoked_credentials` table."""
    def load():
        rows = model.select(model.kind, model.value).where(model.expires_at > clock.utcnow()).tuples()
        sids, jtis = set(), set()
        for kind, value in rows:
            (sids if kind == SESSION else jtis).add(value)
        return sids, jtis
    return load


def handlers(model, access_token_ttl=lambda: int(os.environ.get("ACCESS_TOKEN_TTL", "600"))):
    """Consumer handlers recording identity's revocations (idempotent: a replay inserts nothing).
    `access_token_ttl()` is identity's ACCESS_TOKEN_TTL (the same variable as services.common.config)."""

    def record(rows):
        model.delete().where(model.expires_at <= clock.utcnow()).execute()  # prune what can no longer matter
        if rows:
            model.insert_many(rows).on_conflict_ignore().execute()

    def on_sessions_revoked(data, envelope):
        until = clock.utcnow() + timedelta(seconds=access_token_ttl() + 60)  # tokens issued before the revocation, plus skew
        record([{"kind": SESSION, "value": str(sid), "expires_at": until} for sid in data["session_ids"]])

    def on_access_token_revoked(data, envelope):
        record([{"kind": ACCESS_TOKEN, "value": data["jti"], "expires_at": clock.stored(data["expires_at"] + 60)}])

    return {"identity.sessions.revoked": on_sessions_revoked,
            "identity.access_token.revoked": on_access_token_revoked}
