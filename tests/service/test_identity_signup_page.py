"""ID2-ID5 through identity's pages: sign-up without an invitation, the verification landing,
forgotten password and forgotten login email (both answer the same whether or not an account
matches)."""
import json

from services.identity.models import Account, IdentityVerificationCase, OutboxEvent
from tests.service.identity_helpers import PASSWORD, csrf, link_in, sign_up

EMAIL = "lea@berg-design.example"
FORM = {"first_name": "Lea", "last_name": "Berg", "email": EMAIL, "password": PASSWORD, "mobile": "+41 79 765 43 21",
        "kind": "company", "company_name": "Berg Design", "currency": "EUR"}


def test_id3_signup_without_invitation_creates_the_persons_organization_from_the_page(identity_client, smtp_server):
    token = csrf(identity_client, "/signup?lang=fr")
    response = identity_client.post("/signup", data={**FORM, "csrf_token": token})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert EMAIL in response.get_data(as_text=True)
    account = Account.get(Account.email == EMAIL)
    assert (account.language, account.mobile, account.email_verified_at) == ("fr", "+41797654321", None)
    event = json.loads(OutboxEvent.get(OutboxEvent.type == "identity.account.registered").envelope)["data"]
    assert event["organization"] == {"kind": "company", "name": "Berg Design", "currency": "EUR"}
    assert event["language"] == "fr"
    message = smtp_server.wait_for(EMAIL)[-1]
    assert message["Subject"] == "Confirmez votre adresse e-mail"  # ID2, in the page's language
    landing = identity_client.get(link_in(message, "/verify-email"))
    assert landing.status_code == 200 and identity_client.application.config["SERVICE_URLS"]["portal"] in \
        landing.get_data(as_text=True)


def test_id3_the_sign_up_page_says_what_is_missing_next_to_the_field(identity_client):
    token = csrf(identity_client, "/signup")
    response = identity_client.post("/signup", data={**FORM, "company_name": "", "email": "nope", "mobile": "12",
                                                     "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and Account.select().count() == 0
    for field in ("email", "mobile", "company_name"):
        assert f'id="{field}-error"' in html
    refused = identity_client.post("/signup", data=FORM)
    assert refused.status_code == 403 and Account.select().count() == 0


def test_id1_a_weak_password_on_the_page_lists_its_reasons(identity_client):
    token = csrf(identity_client, "/signup?lang=de")
    response = identity_client.post("/signup", data={**FORM, "password": "1234567890123", "csrf_token": token})
    assert response.status_code == 422 and "Es darf nicht nur aus Ziffern bestehen." in response.get_data(as_text=True)


def test_id2_a_used_verification_link_offers_a_new_one_without_telling_whether_the_account_exists(
        identity_client, smtp_server):
    sign_up(identity_client, smtp_server, email=EMAIL, verify=False)
    used = identity_client.get("/verify-email?token=nothing-like-this")
    assert used.status_code == 404 and 'action="/verify-email"' in used.get_data(as_text=True)
    token = csrf(identity_client)
    known = identity_client.post("/verify-email", data={"email": EMAIL, "csrf_token": token})
    unknown = identity_client.post("/verify-email", data={"email": "nobody@example.org", "csrf_token": token})
    assert known.status_code == unknown.status_code == 200 and known.data == unknown.data
    assert len(smtp_server.wait_for(EMAIL, count=2)) == 2


def test_id4_the_forgotten_password_page_answers_the_same_for_anyone(identity_client, smtp_server):
    sign_up(identity_client, smtp_server, email=EMAIL)
    token = csrf(identity_client, "/forgot-password")
    known = identity_client.post("/forgot-password", data={"email": EMAIL, "csrf_token": token})
    unknown = identity_client.post("/forgot-password", data={"email": "nobody@example.org", "csrf_token": token})
    assert known.status_code == unknown.status_code == 200 and known.data == unknown.data
    reset = link_in(smtp_server.wait_for(EMAIL, count=2)[-1], "/reset-password")
    form = identity_client.get(reset).get_data(as_text=True)
    assert 'name="token"' in form
    done = identity_client.post("/reset-password", data={"token": reset.split("token=")[1], "password": "a brand new one!",
                                                         "csrf_token": token})
    assert done.status_code == 200 and identity_client.application.config["SERVICE_URLS"]["portal"] in \
        done.get_data(as_text=True)


def test_id5_the_forgotten_login_email_page_texts_or_opens_a_case_and_says_the_same(identity_client, smtp_server):
    sign_up(identity_client, smtp_server, email=EMAIL, mobile="+41797654321")
    token = csrf(identity_client, "/forgot-login-email")
    known = identity_client.post("/forgot-login-email", data={"mobile": "+41 79 765 43 21", "csrf_token": token})
    unknown = identity_client.post("/forgot-login-email", data={"mobile": "+41790000000", "csrf_token": token})
    assert known.status_code == unknown.status_code == 200 and known.data == unknown.data
    assert IdentityVerificationCase.select().count() == 1
    bad = identity_client.post("/forgot-login-email", data={"mobile": "0797654321", "csrf_token": token})
    assert bad.status_code == 422 and 'id="mobile-error"' in bad.get_data(as_text=True)
