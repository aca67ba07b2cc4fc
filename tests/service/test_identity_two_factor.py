"""Two-factor authentication: TOTP set-up, backup codes, the login's second step (ID6, ID7)."""
import io
import time
from datetime import datetime, timezone

import pyotp
import pytest
from PIL import Image

from services.identity.models import BackupCode, BrowserSession, TwoFactor
from tests.service.identity_helpers import PASSWORD, csrf, login, sign_up, user_token

EMAIL = "anna@alpine-web.example"


@pytest.fixture
def anna(identity, identity_client, smtp_server):
    account = sign_up(identity_client, smtp_server)
    return {"id": account["id"], "auth": user_token(identity, account["id"])}


def enable(client, anna, clock):
    # The clock is pinned at the start of a 30-second step: codes are computed for it, nothing sleeps.
    clock.set(datetime.fromtimestamp(time.time() // 30 * 30, timezone.utc))
    start = client.post("/v1/me/2fa", headers=anna["auth"]).get_json()
    code = pyotp.TOTP(start["secret"]).at(clock.timestamp())
    response = client.post("/v1/me/2fa/activate", json={"code": code}, headers=anna["auth"])
    assert response.status_code == 200, response.get_data(as_text=True)
    return start["secret"], response.get_json()["backup_codes"]


def second_step(client, code):
    return client.post("/login/2fa", data={"code": code, "csrf_token": csrf(client, "/login/2fa")})


def test_id6_start_gives_a_secret_an_otpauth_uri_and_a_real_png_qr_code(identity_client, anna):
    response = identity_client.post("/v1/me/2fa", headers=anna["auth"])
    assert response.status_code == 201
    body = response.get_json()
    assert body["otpauth_uri"].startswith("otpauth://totp/") and f"secret={body['secret']}" in body["otpauth_uri"]
    qr = identity_client.get("/v1/me/2fa/qr.png", headers=anna["auth"])
    assert qr.status_code == 200 and qr.mimetype == "image/png" and qr.data.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(qr.data))
    assert image.format == "PNG" and image.size[0] >= 100


def test_id6_activation_needs_a_right_code_and_returns_exactly_10_hashed_backup_codes(identity_client, anna, clock):
    identity_client.post("/v1/me/2fa", headers=anna["auth"])
    wrong = identity_client.post("/v1/me/2fa/activate", json={"code": "000000"}, headers=anna["auth"])
    assert wrong.status_code == 422 and wrong.get_json()["rule"] == "ID6"
    _secret, codes = enable(identity_client, anna, clock)
    assert len(codes) == len(set(codes)) == 10
    stored = [row.code_hash for row in BackupCode.select()]
    assert len(stored) == 10 and not set(codes) & set(stored)
    again = identity_client.get("/v1/me/2fa/qr.png", headers=anna["auth"])
    assert again.status_code == 409  # the secret is not shown again once 2FA is on
    assert identity_client.get("/v1/me", headers=anna["auth"]).get_json()["two_factor_enabled"] is True


def test_id6_login_with_2fa_needs_a_code_before_any_session_exists(identity_client, anna, clock):
    secret, _codes = enable(identity_client, anna, clock)
    response = login(identity_client, EMAIL)
    assert response.status_code == 303 and response.headers["Location"] == "/login/2fa"
    assert BrowserSession.select().count() == 0 and "pp_session=" not in response.headers.get("Set-Cookie", "")
    assert second_step(identity_client, "123456").status_code == 401
    clock.advance(seconds=30)
    done = second_step(identity_client, pyotp.TOTP(secret).at(clock.timestamp()))
    assert done.status_code == 303 and "pp_session=" in done.headers["Set-Cookie"]
    [session] = BrowserSession.select()
    assert session.two_factor_passed is True


def test_id6_totp_code_is_accepted_at_most_once(identity_client, anna, clock):
    secret, _codes = enable(identity_client, anna, clock)
    clock.advance(seconds=30)
    code = pyotp.TOTP(secret).at(clock.timestamp())
    login(identity_client, EMAIL)
    assert second_step(identity_client, code).status_code == 303
    login(identity_client, EMAIL)
    assert second_step(identity_client, code).status_code == 401
    assert TwoFactor.get().last_step == int(clock.timestamp()) // 30


def test_id6_the_activation_code_cannot_be_replayed_at_login(identity_client, anna, clock):
    secret, _codes = enable(identity_client, anna, clock)
    login(identity_client, EMAIL)
    assert second_step(identity_client, pyotp.TOTP(secret).at(clock.timestamp())).status_code == 401


def test_id6_a_backup_code_works_once(identity_client, anna, clock):
    _secret, codes = enable(identity_client, anna, clock)
    login(identity_client, EMAIL)
    assert second_step(identity_client, codes[3].lower()).status_code == 303
    login(identity_client, EMAIL)
    assert second_step(identity_client, codes[3]).status_code == 401
    assert BackupCode.select().where(BackupCode.used_at.is_null(False)).count() == 1


def test_id6_the_pending_login_expires_after_5_minutes(identity_client, anna, clock):
    secret, _codes = enable(identity_client, anna, clock)
    login(identity_client, EMAIL)
    token = csrf(identity_client, "/login/2fa")
    clock.advance(seconds=301)
    response = identity_client.post("/login/2fa", data={"code": pyotp.TOTP(secret).at(clock.timestamp()), "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert BrowserSession.select().count() == 0


def test_id6_the_second_step_without_its_csrf_token_is_refused(identity_client, anna, clock):
    secret, _codes = enable(identity_client, anna, clock)
    login(identity_client, EMAIL)
    clock.advance(seconds=30)
    assert identity_client.post("/login/2fa", data={"code": pyotp.TOTP(secret).at(clock.timestamp())}).status_code == 403
    assert BrowserSession.select().count() == 0


def test_id7_disabling_2fa_needs_a_session_that_passed_it_and_the_password(identity, identity_client, anna, clock):
    secret, _codes = enable(identity_client, anna, clock)
    login(identity_client, EMAIL)
    clock.advance(seconds=30)
    second_step(identity_client, pyotp.TOTP(secret).at(clock.timestamp()))
    passed = BrowserSession.get()
    weak = BrowserSession.create(account=anna["id"], two_factor_passed=False)
    no_2fa = user_token(identity, anna["id"], sid=weak.id)
    refused = identity_client.delete("/v1/me/2fa", json={"password": PASSWORD}, headers=no_2fa)
    assert refused.status_code == 422 and refused.get_json()["rule"] == "ID7"
    no_sid = identity_client.delete("/v1/me/2fa", json={"password": PASSWORD}, headers=anna["auth"])
    assert no_sid.status_code == 422
    with_2fa = user_token(identity, anna["id"], sid=passed.id, amr=["pwd", "otp"])
    wrong = identity_client.delete("/v1/me/2fa", json={"password": "not my password!"}, headers=with_2fa)
    assert wrong.status_code == 403 and TwoFactor.select().count() == 1
    assert identity_client.delete("/v1/me/2fa", json={"password": PASSWORD}, headers=with_2fa).status_code == 204
    assert TwoFactor.select().count() == 0 and BackupCode.select().count() == 0


def test_id7_a_revoked_session_cannot_disable_2fa(identity, identity_client, anna, clock):
    enable(identity_client, anna, clock)
    revoked = BrowserSession.create(account=anna["id"], two_factor_passed=True, revoked_at=BrowserSession.created_at.default())
    headers = user_token(identity, anna["id"], sid=revoked.id)
    assert identity_client.delete("/v1/me/2fa", json={"password": PASSWORD}, headers=headers).status_code == 422
    assert TwoFactor.select().count() == 1


def test_id7_no_service_or_admin_path_can_disable_2fa(identity_client, anna, clock, get_token):
    enable(identity_client, anna, clock)
    paths = identity_client.get("/openapi.json").get_json()["paths"]
    # Outside /v1/me only the login's second step (ID6) and the lost-device case form (ID7):
    # pages that log in or open a case for staff, neither turns 2FA off.
    assert [p for p in paths if "2fa" in p and not p.startswith("/v1/me/")] == ["/login/2fa", "/login/2fa/lost"]
    _status, token = get_token("operator")
    service = {"Authorization": f"Bearer {token['access_token']}"}
    response = identity_client.delete("/v1/me/2fa", json={"password": PASSWORD}, headers=service)
    assert response.status_code in (401, 403) and TwoFactor.select().count() == 1
