"""The one clock of every service: business time (expiries, periods, timestamps in rows).

Storage convention: an instant is stored as a naive UTC `DateTimeField` (what `utcnow()`
returns and what `schema.Timestamp` dumps as UTC); `now()` is the same instant, aware, for
the wire and for arithmetic; `today()` is the UTC date that period keys are derived from.
Use cases read this clock; domain functions take `now` as an argument.

Moving it, for tests only: in-process with `set()`/`advance()` (the `clock` fixture), and for
a whole system of processes with CLOCK_FILE, a file holding an offset in seconds that every
process reads on each call. CLOCK_FILE is honoured only with TEST_CLOCK=1; `configure()`
refuses it otherwise, so a production configuration can never move time.

Not business time, and so not read here: `time.monotonic()` timers (latency, backoff, cache
ages), authlib's own `iat`/`exp` handling, and file times of the signing keys (docs/architecture.md).
"""
import os
from datetime import datetime, timedelta, timezone

_pinned = None  # tests: the instant now() returns until moved (set) or None: real time
_offset = timedelta(0)  # tests: how far advance() moved real time
_clock_file = None  # (path) when the test settings name one
_file_cache = (None, timedelta(0))  # (mtime_ns, offset): re-read only when the file changes


class ClockSettingRefused(RuntimeError):
    pass


def configure(config):
    """Honour CLOCK_FILE under the test settings; refuse it anywhere else (called by load_config)."""
    global _clock_file
    path = config.get("CLOCK_FILE") or ""
    if path and not config.get("TEST_CLOCK"):
        raise ClockSettingRefused("CLOCK_FILE moves time and is a test setting: it needs TEST_CLOCK=1")
    _clock_file = path or None


def _file_offset():
    global _file_cache
    if _clock_file is None:
        return timedelta(0)
    try:
        mtime = os.stat(_clock_file).st_mtime_ns
    except FileNotFoundError:
        return timedelta(0)
    if mtime != _file_cache[0]:
        with open(_clock_file) as handle:
            text = handle.read().strip()
        _file_cache = (mtime, timedelta(seconds=float(text or 0)))
    return _file_cache[1]


def now():
    """The current instant, aware UTC."""
    return (_pinned or datetime.now(timezone.utc)) + _offset + _file_offset()


def utcnow():
    """The current instant as stored: naive UTC (column defaults, comparisons with rows)."""
    return now().replace(tzinfo=None)


def today():
    """The current UTC date."""
    return now().date()


def timestamp():
    """The current instant in epoch seconds, for JWT claims (`exp`, `auth_time`)."""
    return now().timestamp()


def stored(instant):
    """An aware instant or epoch seconds in the storage convention (naive UTC)."""
    if isinstance(instant, (int, float)):
        return datetime.fromtimestamp(instant, timezone.utc).replace(tzinfo=None)
    return instant.astimezone(timezone.utc).replace(tzinfo=None) if instant.tzinfo else instant


def epoch(instant):
    """A stored (naive UTC) or aware instant as epoch seconds, for the wire (event payloads, JWTs)."""
    return (instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)).timestamp()


# -- for tests: the `clock` fixture in tests/conftest.py --------------------------------

def set(instant):  # noqa: A001 - clock.set(datetime) reads as intended
    """Pin now() to `instant` (aware, or naive UTC): it stays there until moved."""
    global _pinned, _offset
    _pinned, _offset = (instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)), timedelta(0)


def advance(**delta):
    """Move the clock forward by timedelta(**delta)."""
    global _offset
    _offset += timedelta(**delta)


def reset():
    global _pinned, _offset
    _pinned, _offset = None, timedelta(0)


def write_offset(path, seconds):
    """Move every process of a test system (CLOCK_FILE=path) to real time + `seconds`."""
    tmp = f"{path}.{os.getpid()}"
    with open(tmp, "w") as handle:
        handle.write(str(seconds))
    os.replace(tmp, path)  # atomic: a reader sees the old or the new offset, never half
