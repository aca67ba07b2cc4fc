"""PA13's abuse limits: postings and verifications of calls for tenders counted per email and per IP
address by day (UTC), in the table TenderLimit (one row per hashed key and day). Over the limit
(config TENDER_LIMIT_PER_EMAIL, default 5 a day; TENDER_LIMIT_PER_IP, default 20 a day) the caller
is answered 429 with Retry-After: the seconds until the next day starts. Each attempt is counted in
its own transaction, before the use case's, so a refused request still counts."""
import hashlib
import os
from datetime import datetime, timedelta



from services.common import clock

from .models import TenderLimit, db

DEFAULTS = {"TENDER_LIMIT_PER_EMAIL": 5, "TENDER_LIMIT_PER_IP": 20}


class LimitReached(Exception):
    """Too many attempts today: answered 429 with Retry-After (api/tenders.py)."""

    def __init__(self, retry_after):
        super().__init__(f"Too many calls for tenders today; try again in {retry_after} seconds.")
        self.retry_after = retry_after


def settings_from_environment():
    return {name: int(os.environ.get(name, default)) for name, default in DEFAULTS.items()}


def checked_settings(config):
    """The two limits as positive integers; a bad value stops the service at start."""
    limits = {}
    for name, default in DEFAULTS.items():
        value = int(config.get(name, default))
        if value < 1:
            raise ValueError(f"{name} must be at least 1, not {value}.")
        limits[name] = value
    return limits


def _key(kind, value):
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def take(config, email=None, ip=None):
    """Count one attempt for `email` and `ip` today; LimitReached when either is already at its limit
    (then nothing more is counted)."""
    limits = checked_settings(config)
    now = clock.utcnow()
    window = now.date().isoformat()
    asked = [(_key("email", email.lower()), limits["TENDER_LIMIT_PER_EMAIL"])] if email else []
    asked += [(_key("ip", ip), limits["TENDER_LIMIT_PER_IP"])] if ip else []
    with db.atomic():
        for key, limit in asked:
            TenderLimit.insert(key=key, window=window, count=0).on_conflict_ignore().execute()
        for key, limit in asked:
            if _count(key, window) >= limit:
                raise LimitReached(retry_after(now))
        for key, limit in asked:
            # Conditional increment: two concurrent attempts cannot both pass the last free place.
            taken = (TenderLimit.update(count=TenderLimit.count + 1)
                     .where((TenderLimit.key == key) & (TenderLimit.window == window) & (TenderLimit.count < limit))
                     .execute())
            if not taken:
                raise LimitReached(retry_after(now))


def _count(key, window):
    row = TenderLimit.get_or_none((TenderLimit.key == key) & (TenderLimit.window == window))
    return row.count if row else 0


def retry_after(now):
    """Seconds until the next UTC day, at least 1."""
    tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    return max(1, int((tomorrow - now).total_seconds()))


def purge(now):
    """Windows older than yesterday are of no use (the daily tender-deadlines run calls it)."""
    with db.atomic():
        return TenderLimit.delete().where(TenderLimit.window < (now.date() - timedelta(days=1)).isoformat()).execute()



