"""PA1's "has an active website", behind one adapter: `check(url) -> WebsiteCheck`. Applying asks
it before its transaction (a real check is a remote call); the answer is recorded on the
application and shown to staff, who decide: an unreachable website does not refuse an application.

WEBSITE_CHECK chooses the implementation:
- "sandbox" (the default; tests and the embedded setup): a host under `.invalid` or
  `unreachable.example` is unreachable, any other is reachable. No network.
- "http": an HTTPS HEAD (a GET when HEAD is not allowed) with a short timeout
  (WEBSITE_CHECK_TIMEOUT seconds, default 5), following at most 3 redirects and only to
  https addresses. Reachable: an answer below 400.
"""
import os
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import requests

from services.common.clock import utcnow

SANDBOX_UNREACHABLE = (".invalid", "unreachable.example")
MAX_REDIRECTS = 3
DEFAULT_TIMEOUT = 5.0


@dataclass(frozen=True)
class WebsiteCheck:
    reachable: bool
    status: str  # what the check saw, for staff
    checked_at: datetime


class SandboxWebsiteCheck:
    def check(self, url):
        host = (urlsplit(url).hostname or "").lower()
        unreachable = any(host == suffix.lstrip(".") or host.endswith("." + suffix.lstrip("."))
                          for suffix in SANDBOX_UNREACHABLE)
        return WebsiteCheck(not unreachable, "sandbox: unreachable" if unreachable else "sandbox: reachable",
                            utcnow())


class HttpWebsiteCheck:
    def __init__(self, timeout=DEFAULT_TIMEOUT, session=None):
        self.timeout = timeout
        self.session = session or requests.Session()

    def check(self, url):
        try:
            reachable, status = self._follow(url)
        except requests.Timeout:
            reachable, status = False, f"no answer within {self.timeout:g} s"
        except requests.RequestException as error:
            reachable, status = False, f"unreachable: {type(error).__name__}"
        return WebsiteCheck(reachable, status[:200], utcnow())

    def _follow(self, url):
        for _ in range(MAX_REDIRECTS + 1):
            if urlsplit(url).scheme != "https":
                return False, f"redirects to a non-https address ({url[:100]}): not followed"
            response = self._ask(url)
            if response.is_redirect and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            return response.status_code < 400, f"HTTP {response.status_code} from {url[:100]}"
        return False, f"more than {MAX_REDIRECTS} redirects"

    def _ask(self, url):
        response = self.session.head(url, timeout=self.timeout, allow_redirects=False)
        if response.status_code in (405, 501):  # HEAD not allowed: ask for the page itself, not reading it
            response = self.session.get(url, timeout=self.timeout, allow_redirects=False, stream=True)
            response.close()
        return response


def make_checker(config):
    """The checker WEBSITE_CHECK names; an unknown name stops partner at start, saying why."""
    kind = config.get("WEBSITE_CHECK", "sandbox")
    if kind == "sandbox":
        return SandboxWebsiteCheck()
    if kind == "http":
        return HttpWebsiteCheck(float(config.get("WEBSITE_CHECK_TIMEOUT", DEFAULT_TIMEOUT)))
    raise ValueError(f"WEBSITE_CHECK: {kind!r} is not a known website check (sandbox, http)")


def settings_from_environment():
    return {"WEBSITE_CHECK": os.environ.get("WEBSITE_CHECK", "sandbox"),
            "WEBSITE_CHECK_TIMEOUT": float(os.environ.get("WEBSITE_CHECK_TIMEOUT", str(DEFAULT_TIMEOUT)))}
