"""The portal's browser harness: Chromium, screenshots, axe-core, mail links, TOTP codes."""
import contextlib
import mailbox
import os
import re
import time
from pathlib import Path

import pyotp
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from services.common import clock, i18n
from tests.e2e.system import wait_until

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling out of a closed network.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
SERIOUS = ("serious", "critical")
CATALOGUE_ROOTS = [ROOT / "services"]
_axe = Axe()


@contextlib.contextmanager
def launch_chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page):
    """axe-core's serious and critical violations of the page as it is now."""
    results = _axe.run(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v.get("impact") in SERIOUS]


class Visitor:
    """One person's browser on the running system."""

    def __init__(self, chromium, system, name, locale="en-GB", width=1280):
        self.system = system
        self.context = chromium.new_context(locale=locale, viewport={"width": width, "height": 900})
        self.context.set_default_timeout(15000)
        self.page = self.context.new_page()
        self.folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "-", name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.step = 0
        self.offset = 0

    def advance(self, seconds):
        """Move every process's clock forward (the system runs with TEST_CLOCK and CLOCK_FILE)."""
        self.offset += seconds
        clock.write_offset(self.system.dir / "clock", self.offset)

    def totp(self, secret):
        """The code an authenticator app shows now, on the system's (moved) clock (ID6)."""
        return pyotp.TOTP(secret).at(time.time() + self.offset)

    def url(self, path="/", service="portal"):
        return self.system.url(service) + path

    def go(self, path="/", service="portal"):
        self.page.goto(self.url(path, service))
        return self.page

    def sign_in(self, email, password="correct horse battery", code=None):
        """From any portal page: identity's login form (and its 2FA step when `code`), back on
        the portal."""
        page = self.go("/")
        page.wait_for_url("**/login**")
        page.fill("#email", email)
        page.fill("#password", password)
        page.locator("form[action='/login'] button[type=submit]").click()
        if code is not None:
            page.wait_for_url("**/login/2fa**")
            page.fill("#code", code() if callable(code) else code)
            page.locator("form[action='/login/2fa'] button[type=submit]").click()
        page.wait_for_url(self.url("/") + "**")
        return page

    def shot(self, name, accessible=True):
        """Screenshot this step; with `accessible`, fail on axe-core's serious or critical findings."""
        self.step += 1
        self.page.screenshot(path=str(self.folder / f"{self.step:02d}-{name}.png"), full_page=True)
        if accessible:
            violations = axe_violations(self.page)
            assert not violations, f"{name} ({self.page.url}): {violations}"

    def assert_translated(self, language):
        """The page, rendered in `language`, shows no English text of ours."""
        assert self.page.locator("html").get_attribute("lang") == language
        left = english_left(self.page, language)
        assert not left, f"{self.page.url} in {language} still shows: {left}"

    def mail_link(self, to, pattern, timeout=20):
        """The first link matching `pattern` in the newest mail to `to` (identity's and orgs'
        workers deliver to var/mail)."""
        return self.system.mail_link(to, pattern, timeout)

    def mails_to(self, to):
        folder = self.system.var / "mail"
        return [m for m in mailbox.Maildir(folder, create=False) if to in (m["To"] or "")] if folder.exists() else []

    def close(self):
        self.context.close()


def english_phrases(language):
    """Our English strings that read differently in `language`: each one's longest literal
    part (placeholders cut out) when it has at least two words, so that a name or a code
    shown on a page is not mistaken for an untranslated string."""
    phrases = set()
    for root in CATALOGUE_ROOTS:
        for path in i18n.catalogue_files([root], language):
            for message in i18n.read_catalogue(path):
                msgid = message.id if isinstance(message.id, str) else (message.id or ("",))[0]
                string = message.string if isinstance(message.string, str) else (message.string or ("",))[0]
                if not msgid or not string or string == msgid:
                    continue
                part = max(re.split(r"%\(\w+\)[sd]|%[sd]", msgid), key=len).strip(" .,:;()")
                if " " in part and part not in string:
                    phrases.add(part)
    return phrases


def english_left(page, language):
    """The English phrases of ours still visible on the page rendered in `language`."""
    text = " ".join(page.inner_text("body").split())
    return sorted(phrase for phrase in english_phrases(language) if phrase in text)
