"""PX6: the signature scheme as docs/partner.md documents it (its verification snippet runs here
against the sender's signature) and the retry schedule: growing pauses, 24 h, then failed."""
import functools
import hashlib
import hmac
import re
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import given, strategies as st

from services.partner.webhook_sender import RETRY_OFFSETS, next_attempt, signature

DOCS = Path(__file__).resolve().parents[2] / "docs" / "partner.md"


@functools.lru_cache(maxsize=None)
def documented_verifier():
    """The `verify` function of the snippet in docs/partner.md's Webhooks section."""
    section = DOCS.read_text().split("## Webhooks (PX6)", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    scope = {}
    exec(compile(code, str(DOCS), "exec"), scope)  # noqa: S102 - our own documentation
    return scope["verify"]


@given(st.binary(max_size=500), st.text(min_size=1, max_size=60), st.integers(0, 2**32))
def test_px6_the_documented_snippet_verifies_what_the_sender_signs(body, secret, timestamp):
    verify = documented_verifier()
    header = signature(secret, timestamp, body)
    assert verify(secret, header, body, now=timestamp)
    assert not verify(secret + "x", header, body, now=timestamp)
    assert not verify(secret, header, body + b" ", now=timestamp)
    assert not verify(secret, header, body, now=timestamp + 301)


def test_px6_the_signature_is_hmac_sha256_of_timestamp_dot_body():
    digest = hmac.new(b"whsec_test", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    assert signature("whsec_test", 1700000000, b'{"a":1}') == f"t=1700000000,v1={digest}"


def test_px6_tries_wait_longer_each_time_and_stop_24_hours_after_the_first():
    first = datetime(2026, 5, 4, 8, 0)
    tries, now = [first], first
    while (now := next_attempt(first, now)) is not None:
        tries.append(now)
    pauses = [(b - a) / timedelta(minutes=1) for a, b in zip(tries, tries[1:])]
    assert pauses[:6] == [1, 5, 30, 120, 360, 720]
    assert tries[-1] - first == timedelta(hours=24) and len(tries) == len(RETRY_OFFSETS) + 1


def test_px6_a_late_try_keeps_the_schedule_anchored_on_the_first():
    first = datetime(2026, 5, 4, 8, 0)
    assert next_attempt(first, first + timedelta(hours=3)) == first + timedelta(hours=8, minutes=36)
    assert next_attempt(first, first + timedelta(hours=25)) is None
