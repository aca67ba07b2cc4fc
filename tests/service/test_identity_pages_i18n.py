"""Identity's pages on the shared look, in five languages, and its mails in the account's language."""
import re
import time

import pytest
from babel.messages.pofile import read_po

from services.common.i18n import TRANSLATED
from services.identity.models import Account
from tests.service.identity_helpers import PASSWORD, csrf, link_in, sign_up

CATALOGUES = "services/identity/translations"
EMAIL = "anna@alpine-web.example"


def catalogue(language):
    with open(f"{CATALOGUES}/{language}.po", "rb") as file:
        return read_po(file, locale=language)


def english_left(html, language):
    """Our English strings that have a translation of their own in `language` but show verbatim (as
    words: "Continue" inside "Continuer" is French)."""
    return sorted(m.id for m in catalogue(language) if m.id and "%(" not in m.id and len(m.id) > 3
                  and m.string != m.id and re.search(r"(?<!\w)" + re.escape(m.id) + r"(?!\w)", html))


@pytest.fixture
def anna(identity_client, smtp_server):
    return sign_up(identity_client, smtp_server)


def pending_second_factor(client, account_id):
    with client.session_transaction() as session:
        session["pending_login"] = {"account": account_id, "until": time.time() + 300, "next": "/"}


PAGES = ["/login", "/signup", "/forgot-password", "/forgot-login-email", "/verify-email?token=expired-or-used",
         "/reset-password?token=x", "/signed-out", "/oauth/logout", "/login/2fa", "/login/2fa/lost",
         "/oauth/authorize?response_type=code&client_id=nobody"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_page_renders_in_the_language_with_no_english_of_ours_left(identity, identity_client, anna, language):
    pending_second_factor(identity_client, anna["id"])
    for path in PAGES:
        response = identity_client.get(path + ("&" if "?" in path else "?") + f"lang={language}")
        html = response.get_data(as_text=True)
        assert response.mimetype == "text/html" and f'<html lang="{language}">' in html, path
        assert 'href="/site-static/site.css"' in html and english_left(html, language) == [], path


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_consent_page_and_form_answers_are_translated_too(identity, identity_client, anna, language):
    from tests.service.identity_helpers import login

    login(identity_client, EMAIL)
    path = ("/oauth/authorize?response_type=code&client_id=portal&prompt=consent&code_challenge_method=S256"
            f"&code_challenge={'a' * 43}&redirect_uri={identity.config['SERVICE_URLS']['portal']}/auth/callback"
            f"&ui_locales={language}")
    consent = identity_client.get(path).get_data(as_text=True)
    assert "decision" in consent and english_left(consent, language) == []
    token = csrf(identity_client)
    answers = [identity_client.post("/login", data={"email": EMAIL, "password": "wrong password!", "csrf_token": token}),
               identity_client.post("/forgot-password", data={"email": "nobody", "csrf_token": token}),
               identity_client.post("/forgot-login-email", data={"mobile": "07912", "csrf_token": token}),
               identity_client.post("/signup", data={"csrf_token": token, "kind": "company", "currency": "CHF",
                                                     "email": "x@example.org", "password": "short"}),
               identity_client.post("/reset-password", data={"token": "used", "password": "x", "csrf_token": token})]
    for answer in answers:
        html = answer.get_data(as_text=True)
        assert answer.status_code in (401, 422) and english_left(html, language) == [], html


def test_the_language_comes_from_the_query_then_the_cookie_then_the_account_then_the_browser(identity,
                                                                                            identity_client, anna):
    def language(path="/login", **headers):
        html = identity_client.get(path, headers=headers).get_data(as_text=True)
        return html.split('<html lang="')[1].split('"')[0]

    assert language(**{"Accept-Language": "it-CH,it;q=0.9"}) == "it"
    assert language() == "en"
    from tests.service.identity_helpers import login

    Account.update(language="es").execute()
    login(identity_client, EMAIL)
    assert language(**{"Accept-Language": "it"}) == "es"  # the account's, over the browser's
    response = identity_client.get("/oauth/authorize?client_id=portal&ui_locales=xx%20de-CH%20fr")
    cookie = response.headers["Set-Cookie"]
    assert "pp_lang=de" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=31536000" in cookie
    assert language(**{"Accept-Language": "it"}) == "de"  # the remembered ui_locales, over the account's
    assert language("/login?lang=fr") == "fr"  # the query, over everything


def test_the_language_switcher_remembers_the_choice_and_goes_back(identity_client):
    token = csrf(identity_client)
    refused = identity_client.post("/language", data={"language": "de", "return_to": "/signup"})
    assert refused.status_code == 403 and refused.mimetype == "text/html"
    response = identity_client.post("/language", data={"language": "de", "return_to": "/signup", "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/signup"
    assert "pp_lang=de" in response.headers["Set-Cookie"]
    assert "Konto erstellen" in identity_client.get("/signup").get_data(as_text=True)
    off_site = identity_client.post("/language", data={"language": "fr", "return_to": "https://evil.example/",
                                                       "csrf_token": token})
    assert off_site.headers["Location"] == "/"


def test_identitys_home_is_the_portal(identity, identity_client):
    response = identity_client.get("/")
    assert response.status_code == 303 and response.headers["Location"] == identity.config["SERVICE_URLS"]["portal"]


def test_id2_a_german_account_gets_its_mails_in_german(identity_client, smtp_server, anna):
    Account.update(language="de").execute()
    token = csrf(identity_client, "/forgot-password")
    response = identity_client.post("/forgot-password", data={"email": EMAIL, "csrf_token": token})
    assert response.status_code == 200
    message = smtp_server.wait_for(EMAIL, count=2)[-1]
    body = message.get_body(("plain",)).get_content()
    assert message["Subject"] == "Setzen Sie Ihr Passwort zurück" and body.startswith("Hallo Anna,")
    assert "/reset-password?token=" in body and "Reset your password" not in body


def test_an_unexpected_error_on_a_page_is_a_page_not_json(identity, identity_client, monkeypatch):
    from services.identity.web import recovery_pages

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(recovery_pages.recovery, "request_password_reset", broken)
    token = csrf(identity_client, "/forgot-password?lang=it")
    response = identity_client.post("/forgot-password", data={"email": "a@example.org", "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and response.mimetype == "text/html" and "boom" not in html
    assert "Si è verificato un errore" in html and identity.config["SERVICE_URLS"]["portal"] in html
    overlong = identity_client.post("/login", data={"email": "a" * 5000, "csrf_token": token})
    assert overlong.status_code == 400 and overlong.mimetype == "application/problem+json"  # as documented
