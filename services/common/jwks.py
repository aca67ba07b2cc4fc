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


def key_id(token_string):
    """The `kid` of a compact JWS header, or None when it cannot be read."""
    try:
        header = token_string.split(".", 1)[0]
        return json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))).get("kid")
    except (ValueError, AttributeError):
        return None
