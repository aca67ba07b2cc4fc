"""Identity's scheduled runs (services/common/runs.py), started daily by its worker or by
`python -m services.identity run NAME [--at DATE]`.

`purge-expired` deletes what can no longer be presented: refresh tokens and revoked-access-token
rows past their expiry, and authorization codes a day past theirs (a replayed code within that
day still revokes what it issued). Browser sessions stay: they are the login activity people see."""
from datetime import timedelta

from services.common.runs import Run, Schedule

from .models import ScheduledRun
from .oauth.models import AuthorizationCode, RefreshToken, RevokedAccessToken

CODE_REPLAY_WINDOW = timedelta(days=1)
# kind -> (model, key column, the condition under which a row is gone for good)
_PURGED = {
    "code": (AuthorizationCode, AuthorizationCode.code_hash,
             lambda now: AuthorizationCode.expires_at < now - CODE_REPLAY_WINDOW),
    "refresh": (RefreshToken, RefreshToken.token_hash, lambda now: RefreshToken.expires_at < now),
    "revoked": (RevokedAccessToken, RevokedAccessToken.jti, lambda now: RevokedAccessToken.expires_at < now),
}


def expired_rows(now):
    return [f"{kind}:{key}" for kind, (model, column, gone) in _PURGED.items()
            for (key,) in model.select(column).where(gone(now)).tuples()]


def purge_row(item, now):
    """One delete under its expiry condition: a redo deletes nothing."""
    kind, key = item.split(":", 1)
    model, column, gone = _PURGED[kind]
    return model.delete().where((column == key) & gone(now)).execute() == 1


SCHEDULE = Schedule(ScheduledRun, [Run("purge-expired", "day", expired_rows, purge_row)])
