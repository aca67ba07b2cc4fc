"""The portal's core without a browser: the portal in-process (Flask test client), identity and
orgs running for real (gunicorn and workers, tests/e2e/system.py) where a test needs their APIs.
The session cookie, CSRF, the sign-in callback (ID12), redirects, the language switcher, a
service that is down, silent refresh and signing out."""
import re
import zlib
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from cryptography.fernet import Fernet

from services.common.config import secret_path
from services.portal import signin
from services.portal.app import create_app, make_config
from services.portal.navigation import safe_next
from services.portal.session import COOKIE, EncryptedCookieSessionInterface
from tests.conftest import AMQP_URL
from tests.e2e.system import System, free_port, wait_until

PASSWORD = "correct horse battery"


def portal_app(var_dir, urls, **overrides):
    """The portal in-process; `urls` the services' addresses (the portal's own included)."""
    issuer = urls["identity"]
    config = make_config(VAR_DIR=str(var_dir), ISSUER=issuer, TOKEN_URL=issuer + "/oauth/token",
                         SERVICE_URLS=dict(urls), LOG_LEVEL="WARNING", SERVICE_CALL_RETRIES=0, **overrides)
    app = create_app(config)
    app.testing = False  # errors become pages, as in production
    return app


def csrf_of(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def session_of(client):
    """The decrypted session cookie of a test client (the key is in the portal's var/secrets)."""
    app = client.application
    key = secret_path(app.config, "portal-cookie-key").read_text().strip()
    raw = client.get_cookie(COOKIE).value
    return EncryptedCookieSessionInterface.serializer.loads(zlib.decompress(Fernet(key).decrypt(raw.encode())))


def set_cookie_header(response):
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "="))


def html_lang(response):
    return re.search(r'<html lang="(\w+)"', response.get_data(as_text=True)).group(1)


# -- without the services -------------------------------------------------------------------

LOCAL = {"identity": "http://127.0.0.1:9", "orgs": "http://127.0.0.1:9", "portal": "http://127.0.0.1:8000"}


@pytest.fixture
def alone(tmp_path):
    """The portal with no service behind it (nothing listens on port 9)."""
    return portal_app(tmp_path / "var", LOCAL).test_client()


def test_the_cookie_is_encrypted_httponly_samesite_lax_and_not_secure_on_loopback(alone):
    response = alone.get("/auth/login?next=/organizations")
    header = set_cookie_header(response)
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    state = parse_qs(urlparse(response.headers["Location"]).query)["state"][0]
    assert state not in header and "organizations" not in header  # encrypted, not merely signed
    assert session_of(alone)["oauth"]["state"] == state


def test_the_cookie_is_secure_when_the_portal_is_not_on_loopback(tmp_path):
    client = portal_app(tmp_path / "var", {**LOCAL, "portal": "https://portal.example.ch"}).test_client()
    header = set_cookie_header(client.get("/auth/login"))
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header


@pytest.mark.parametrize("tamper", [lambda v: v[:-4] + ("AAAA" if not v.endswith("AAAA") else "BBBB"),
                                    lambda v: v[:40], lambda v: "not-a-cookie", lambda v: v + "x"])
def test_a_tampered_cookie_gives_a_fresh_session_never_an_error(alone, tamper):
    alone.get("/auth/login?next=/somewhere")
    alone.set_cookie(COOKIE, tamper(alone.get_cookie(COOKIE).value))
    response = alone.get("/")
    assert response.status_code == 303 and response.headers["Location"].startswith("/auth/login")
    refused = alone.get("/auth/callback?state=anything&code=x")  # the pending sign-in is gone
    assert refused.status_code == 400


def test_a_cookie_from_another_key_is_a_fresh_session(tmp_path, alone):
    alone.get("/auth/login")
    value = alone.get_cookie(COOKIE).value
    other = portal_app(tmp_path / "other", LOCAL).test_client()
    other.set_cookie(COOKIE, value)
    assert other.get("/").status_code == 303


def test_id12_a_callback_with_a_wrong_or_missing_state_is_refused_without_a_token_exchange(alone, monkeypatch):
    exchanges = []
    monkeypatch.setattr(signin, "_token_call", lambda *a, **k: exchanges.append(a) or {})
    for query in ("state=forged&code=abc", "code=abc", "state=&code=abc", "error=access_denied"):
        alone.get("/auth/login?next=/")  # a sign-in is pending, with its own state
        response = alone.get("/auth/callback?" + query)
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and "Sign-in did not complete" in page
        assert 'href="/auth/login"' in page
    assert alone.get("/auth/callback?state=x&code=abc").status_code == 400  # nothing pending at all
    assert exchanges == []


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
                                    "/\t/evil.example", "javascript:alert(1)", "evil.example", "http:/evil.example",
                                    " //evil.example"])
def test_next_never_leaves_the_site(alone, target):
    assert safe_next(target) == "/"
    alone.get("/auth/login?next=" + requests.utils.quote(target, safe=""))
    assert session_of(alone)["oauth"]["next"] == "/"
    response = alone.post("/language", data={"csrf_token": "x", "language": "fr", "return_to": target})
    assert response.status_code == 400  # no token in this session yet: refused before any redirect


def test_next_keeps_the_sites_own_paths():
    assert safe_next("/organizations?page=2") == "/organizations?page=2"
    assert safe_next("") == "/" and safe_next(None, "/home") == "/home"


def test_the_language_switcher_sets_the_language_and_ignores_unknown_ones(alone):
    page = alone.get("/signed-out")
    assert html_lang(page) == "en"
    token = csrf_of(page.get_data(as_text=True))
    switched = alone.post("/language", data={"csrf_token": token, "language": "fr", "return_to": "/signed-out"})
    assert switched.status_code == 303 and switched.headers["Location"] == "/signed-out"
    page = alone.get("/signed-out")
    assert html_lang(page) == "fr" and "Se reconnecter" in page.get_data(as_text=True)
    for unknown in ("xx", "", "../de", "klingon"):
        alone.post("/language", data={"csrf_token": token, "language": unknown, "return_to": "//evil.example"})
        assert html_lang(alone.get("/signed-out")) == "fr"
    off_site = alone.post("/language", data={"csrf_token": token, "language": "de", "return_to": "https://evil.example"})
    assert off_site.headers["Location"] == "/"
    assert html_lang(alone.get("/signed-out", headers={"Accept-Language": "it"})) == "de"  # the choice wins


def test_a_post_without_or_with_a_wrong_csrf_token_shows_the_form_expired_page_and_changes_nothing(alone):
    token = csrf_of(alone.get("/signed-out").get_data(as_text=True))
    for data in ({"language": "de"}, {"language": "de", "csrf_token": "wrong"},
                 {"language": "de", "csrf_token": token + "x"}):
        response = alone.post("/language", data={**data, "return_to": "/signed-out"})
        assert response.status_code == 400 and "The form expired" in response.get_data(as_text=True)
        assert html_lang(alone.get("/signed-out")) == "en"


# -- against identity and orgs ----------------------------------------------------------------

@pytest.fixture
def system(tmp_path, databases, amqp_prefix):
    """identity and orgs (web + worker) on the test broker."""
    running = System(tmp_path / "system", databases, AMQP_URL, amqp_prefix)
    running.dir.mkdir()
    running.start("identity", "orgs")
    yield running
    running.close()


def urls_of(system, **changes):
    return {**{name: system.url(name) for name in ("identity", "orgs", "portal")}, **changes}


@pytest.fixture
def portal(system):
    return portal_app(system.var, urls_of(system)).test_client()


def signed_up(system, email):
    account = system.sign_up(email, kind="company", name=email.split("@")[1].split(".")[0].title())
    wait_until(lambda: system.organizations_of(account["id"]), what="the organization")
    return account


def sign_in(client, system, email):
    """The real flow: the portal's /auth/login, identity's authorize and login pages (as a browser
    would, with requests), back to the portal's callback with the code."""
    start = client.get("/auth/login?next=/")
    browser, url = requests.Session(), start.headers["Location"]
    callback = system.url("portal") + "/auth/callback"
    for _ in range(6):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and 'name="password"' in response.text:  # identity's login page
            next_url = re.search(r'name="next" value="([^"]*)"', response.text)
            response = browser.post(system.url("identity") + "/login", allow_redirects=False, timeout=10, data={
                "email": email, "password": PASSWORD, "csrf_token": csrf_of(response.text),
                "next": next_url.group(1).replace("&amp;", "&") if next_url else "/"})
        assert response.status_code in (302, 303), response.text[:500]
        url = requests.compat.urljoin(response.url, response.headers["Location"])
        if url.startswith(callback):
            break
    landed = client.get(url[len(system.url("portal")):])
    assert landed.status_code == 303 and landed.headers["Location"] == "/", landed.get_data(as_text=True)[:500]
    return session_of(client)["tokens"]


def refresh_refused(system, refresh_token):
    """identity's answer to a refresh with this token, as the portal client."""
    secret = (system.var / "secrets" / "portal").read_text().strip()
    response = requests.post(system.url("identity") + "/oauth/token", auth=("portal", secret), timeout=10,
                             data={"grant_type": "refresh_token", "refresh_token": refresh_token})
    return response.status_code == 400 and response.json()["error"] == "invalid_grant"


@pytest.mark.e2e
def test_id12_signing_in_keeps_the_tokens_only_encrypted_in_the_cookie(system, portal):
    signed_up(system, "lea@alpine.example")
    tokens = sign_in(portal, system, "lea@alpine.example")
    assert tokens["access"] and tokens["refresh"]
    cookie = portal.get_cookie(COOKIE)
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure
    for secret in (tokens["access"], tokens["refresh"], tokens["access"].split(".")[1], "lea@alpine.example"):
        assert secret not in cookie.value
    home = portal.get("/")
    assert home.status_code == 200 and "Alpine" in home.get_data(as_text=True)


@pytest.mark.e2e
def test_id11_the_organization_switcher_changes_only_to_ones_own_organizations(system, portal):
    signed_up(system, "max@berg.example")
    tokens = sign_in(portal, system, "max@berg.example")
    created = requests.post(system.url("orgs") + "/v1/organizations", timeout=10,
                            headers={"Authorization": f"Bearer {tokens['access']}"},
                            json={"name": "Second Shop", "kind": "company", "currency": "EUR"})
    assert created.status_code == 201, created.text
    other = signed_up(system, "eve@else.example")
    foreign = system.organizations_of(other["id"])[0]["id"]
    token = csrf_of(portal.get("/").get_data(as_text=True))

    switched = portal.post("/organizations/current", data={"csrf_token": token, "organization_id": created.json()["id"]})
    assert switched.status_code == 303
    page = portal.get("/").get_data(as_text=True)
    assert "You are now working in Second Shop." in page and '<h2 id="current-organization">Second Shop' in page

    refused = portal.post("/organizations/current", data={"csrf_token": token, "organization_id": foreign})
    assert refused.status_code == 303 and session_of(portal)["organization_id"] == created.json()["id"]
    assert "You are not a member of that organization." in portal.get("/").get_data(as_text=True)

    forged = portal.post("/organizations/current", data={"organization_id": foreign})  # no CSRF token
    assert forged.status_code == 400 and "The form expired" in forged.get_data(as_text=True)
    assert session_of(portal)["organization_id"] == created.json()["id"]


@pytest.mark.e2e
def test_a_service_that_is_down_gives_the_try_again_page_in_the_persons_language(system, portal):
    signed_up(system, "ida@down.example")
    sign_in(portal, system, "ida@down.example")
    token = csrf_of(portal.get("/").get_data(as_text=True))
    assert portal.post("/language", data={"csrf_token": token, "language": "de", "return_to": "/"}).status_code == 303
    closed = f"http://127.0.0.1:{free_port()}"
    down = portal_app(system.var, urls_of(system, orgs=closed)).test_client()  # same key: the same cookie works
    down.set_cookie(COOKIE, portal.get_cookie(COOKIE).value)
    response = down.get("/?page=1")
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and html_lang(response) == "de"
    assert "Ein Dienst antwortet nicht" in page and "Traceback" not in page
    assert re.search(r'<a class="button" href="[^"]*/\?page=1" id="retry">Erneut versuchen</a>', page)


@pytest.mark.e2e
def test_an_expired_access_token_is_refreshed_silently(system, portal, clock):
    signed_up(system, "noe@fresh.example")
    before = sign_in(portal, system, "noe@fresh.example")
    clock.advance(seconds=portal.application.config["ACCESS_TOKEN_TTL"] + 1)
    assert portal.get("/").status_code == 200
    after = session_of(portal)["tokens"]
    assert after["access"] != before["access"] and after["refresh"] != before["refresh"]  # rotated (ID12)
    assert portal.get("/").status_code == 200


@pytest.mark.e2e
def test_a_revoked_refresh_token_sends_the_person_to_sign_in_again(system, portal, clock):
    signed_up(system, "ola@revoked.example")
    tokens = sign_in(portal, system, "ola@revoked.example")
    secret = (system.var / "secrets" / "portal").read_text().strip()
    revoked = requests.post(system.url("identity") + "/oauth/revoke", auth=("portal", secret), timeout=10,
                            data={"token": tokens["refresh"], "token_type_hint": "refresh_token"})
    assert revoked.status_code == 200
    clock.advance(seconds=portal.application.config["ACCESS_TOKEN_TTL"] + 1)
    response = portal.get("/?from=test")
    assert response.status_code == 303 and response.headers["Location"].startswith("/auth/login?next=")
    assert portal.get_cookie(COOKIE) is None or "tokens" not in session_of(portal)


@pytest.mark.e2e
def test_signing_out_revokes_the_refresh_token(system, portal):
    signed_up(system, "ulf@out.example")
    tokens = sign_in(portal, system, "ulf@out.example")
    token = csrf_of(portal.get("/").get_data(as_text=True))
    assert portal.post("/auth/logout", data={}).status_code == 400  # without the token: nothing happens
    assert "tokens" in session_of(portal)
    token = csrf_of(portal.get("/").get_data(as_text=True))  # a refused form renews the token
    response = portal.post("/auth/logout", data={"csrf_token": token})
    location = urlparse(response.headers["Location"])
    assert response.status_code == 303 and location.path == "/oauth/logout"
    assert parse_qs(location.query)["post_logout_redirect_uri"] == [system.url("portal") + "/signed-out"]
    assert refresh_refused(system, tokens["refresh"])
    assert portal.get("/").status_code == 303  # signed out here too
