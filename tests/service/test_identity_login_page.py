"""Logging in on identity's own page (ID1, ID10): CSRF-protected form, a session cookie."""
import re

import pytest

from services.identity.models import BrowserSession
from tests.service.identity_helpers import sign_up

ANNA = {"email": "anna@alpine-web.example", "password": "correct horse battery", "first_name": "Anna",
        "last_name": "Keller", "organization": {"kind": "individual"}}


@pytest.fixture
def browser(identity_client, smtp_server):
    sign_up(identity_client, smtp_server, **ANNA)
    return identity_client


def csrf(browser, path="/login"):
    return re.search(r'name="csrf_token" value="([^"]+)"', browser.get(path).get_data(as_text=True)).group(1)


def test_id1_login_with_email_and_password_starts_a_session(browser):
    response = browser.post("/login", data={"email": ANNA["email"], "password": ANNA["password"],
                                            "next": "/oauth/authorize?x=1", "csrf_token": csrf(browser)})
    assert response.status_code == 303 and response.headers["Location"] == "/oauth/authorize?x=1"
    cookie = response.headers["Set-Cookie"]
    assert "pp_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert BrowserSession.select().count() == 1


def test_id10_wrong_password_and_unknown_email_get_the_same_answer(browser):
    token = csrf(browser)
    wrong = browser.post("/login", data={"email": ANNA["email"], "password": "nope nope nope", "csrf_token": token})
    unknown = browser.post("/login", data={"email": "nobody@example.org", "password": "nope nope nope", "csrf_token": token})
    assert wrong.status_code == unknown.status_code == 401
    message = "The email or the password is wrong."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert BrowserSession.select().count() == 0


def test_login_form_without_its_csrf_token_is_refused(browser):
    response = browser.post("/login", data={"email": ANNA["email"], "password": ANNA["password"]})
    assert response.status_code == 403 and BrowserSession.select().count() == 0


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "javascript:alert(1)"])
def test_login_never_redirects_off_site(browser, target):
    response = browser.post("/login", data={"email": ANNA["email"], "password": ANNA["password"],
                                            "next": target, "csrf_token": csrf(browser)})
    assert response.headers["Location"] == "/"
