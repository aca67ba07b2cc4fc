"""Login hardening: new device or location notices (ID8), login activity (ID9), throttling (ID10)."""
import pytest

from services.identity import login as logins
from services.identity.models import LoginAttempt
from tests.service.identity_helpers import PASSWORD, login, sign_up, user_token

EMAIL = "anna@alpine-web.example"
NOTICE = "New sign-in to your Partner Portal account"
HOME = {"REMOTE_ADDR": "203.0.113.10", "HTTP_USER_AGENT": "Firefox/130"}


@pytest.fixture
def anna(identity, identity_client, smtp_server):
    account = sign_up(identity_client, smtp_server)
    return {"id": account["id"], "auth": user_token(identity, account["id"])}


def notices(smtp_server):
    return [m for m in smtp_server.to(EMAIL) if m["Subject"] == NOTICE]


def test_id8_the_device_cookie_is_long_lived_and_http_only(identity_client, anna):
    cookies = login(identity_client, EMAIL, **HOME).headers.getlist("Set-Cookie")
    device = next(c for c in cookies if c.startswith("pp_device="))
    assert "HttpOnly" in device and "Max-Age=63072000" in device


def test_id8_known_device_and_network_send_no_notice(identity_client, anna, smtp_server):
    login(identity_client, EMAIL, **HOME)
    login(identity_client, EMAIL, **{**HOME, "REMOTE_ADDR": "203.0.113.99"})  # same /24
    assert notices(smtp_server) == []


def test_id8_a_login_from_a_new_location_mails_a_security_notice(identity_client, anna, smtp_server):
    login(identity_client, EMAIL, **HOME)
    login(identity_client, EMAIL, **{**HOME, "REMOTE_ADDR": "198.51.100.7"})
    [notice] = smtp_server.wait_for(EMAIL, count=2)[1:]  # the verification mail came first
    assert notice["Subject"] == NOTICE
    text = notice.get_body(("plain",)).get_content()
    assert "new location" in text and "198.51.100.0/24" in text


def test_id8_a_login_from_a_new_device_mails_a_security_notice(identity, identity_client, anna, smtp_server):
    login(identity_client, EMAIL, **HOME)
    other_browser = identity.test_client()
    login(other_browser, EMAIL, **HOME)
    smtp_server.wait_for(EMAIL, count=2)
    assert len(notices(smtp_server)) == 1 and "new device" in notices(smtp_server)[0].get_body(("plain",)).get_content()


def test_id9_every_attempt_is_listed_newest_first_with_paging(identity, identity_client, anna, smtp_server):
    login(identity_client, EMAIL, "wrong password here", **HOME)
    login(identity_client, EMAIL, **HOME)
    login(identity_client, EMAIL, **{**HOME, "HTTP_USER_AGENT": "Safari/18"})
    sign_up(identity_client, smtp_server, email="marc@lac-leman.example")
    login(identity_client, "marc@lac-leman.example")  # another account's attempt is not listed
    first = identity_client.get("/v1/me/login-activity?per_page=2", headers=anna["auth"]).get_json()
    assert first["total"] == 3 and first["page"] == 1 and len(first["items"]) == 2
    assert [i["user_agent"] for i in first["items"]] == ["Safari/18", "Firefox/130"]
    second = identity_client.get("/v1/me/login-activity?per_page=2&page=2", headers=anna["auth"]).get_json()
    [oldest] = second["items"]
    assert oldest["success"] is False and oldest["ip"] == "203.0.113.10" and oldest["at"]
    assert "password" not in str(first) + str(second)


def test_id10_after_the_account_limit_even_the_right_password_gets_the_generic_answer(identity, identity_client, anna):
    identity.config["LOGIN_FAILURES_PER_ACCOUNT"] = 3
    for _ in range(3):
        assert login(identity_client, EMAIL, "wrong password here", **HOME).status_code == 401
    refused = login(identity_client, EMAIL, PASSWORD, **HOME)
    unknown = login(identity_client, "nobody@example.org", "wrong password here", **{**HOME, "REMOTE_ADDR": "192.0.2.1"})
    assert refused.status_code == unknown.status_code == 401
    assert refused.get_data(as_text=True).replace(EMAIL, "") == unknown.get_data(as_text=True).replace(
        "nobody@example.org", "")


def test_id10_after_the_ip_limit_that_ip_is_refused_and_others_are_not(identity, identity_client, anna):
    identity.config["LOGIN_FAILURES_PER_IP"] = 4
    for n in range(4):
        login(identity_client, f"nobody{n}@example.org", "wrong password here", **HOME)
    refused = login(identity_client, EMAIL, PASSWORD, **HOME)
    assert refused.status_code == 401 and "The email or the password is wrong." in refused.get_data(as_text=True)
    assert login(identity_client, EMAIL, PASSWORD, **{**HOME, "REMOTE_ADDR": "192.0.2.1"}).status_code == 303


def test_id10_unknown_emails_are_checked_against_a_dummy_hash(identity_client, anna, monkeypatch):
    checked = []

    class Recording:
        def verify(self, password_hash, password):
            checked.append(password_hash)
            return real.verify(password_hash, password)

    real = logins.passwords
    monkeypatch.setattr(logins, "passwords", Recording())
    login(identity_client, "nobody@example.org", "wrong password here")
    assert checked == [logins._UNKNOWN_ACCOUNT_HASH]
    assert LoginAttempt.select().where(LoginAttempt.account.is_null()).count() == 1
