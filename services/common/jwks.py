"""Identity's signing keys as a resource server sees them: fetched once, refetched on rotation."""
import base64
import json
import threading
import time

import requests
from joserfc.jwk import KeySet


class JWKSCache:
    REFRESH_EVERY = 300  # seconds: picks up added keys even without an unknown kid
    MIN_REFETCH = 5  # seconds between refetches forced by unknown key ids

    def __init__(self, url, fetch=None):
        self.url = url
        self._fetch = fetch or (lambda: requests.get(url, timeout=5).json())
        self._lock = threading.Lock()
        self._keys, self._kids, self._fetched_at = None, set(), 0.0

    def keys(self, kid=None):
        now = time.monotonic()
        stale = now - self._fetched_at > self.REFRESH_EVERY
        unknown = kid is not None and kid not in self._kids and now - self._fetched_at > self.MIN_REFETCH
        if self._keys is None or stale or unknown:
            with self._lock:
                document = self._fetch()
                self._keys = KeySet.import_key_set(document)
                self._kids = {key.get("kid") for key in document.get("keys", [])}
                self._fetched_at = now
        return self._keys


def unverified_part(token_string, index):
    """The header (0) or the claims (1) of a compact JWS, NOT verified: only to pick a key or
    to read back a token this process just signed. {} when it cannot be read."""
    try:
        part = token_string.split(".")[index]
        value = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (IndexError, ValueError, AttributeError):
        return {}
    return value if isinstance(value, dict) else {}


def key_id(token_string):
    """The `kid` of a compact JWS header, or None when it cannot be read."""
    return unverified_part(token_string, 0).get("kid")
