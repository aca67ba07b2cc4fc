"""`python -m services.identity token EMAIL`: a person's token from the shell (README "Trying
it"), run as the real command on the real database; orgs verifies what it prints."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import pyotp

from services.common import revocations
from services.common.clock import utcnow
from services.identity.login import UNVERIFIED, WRONG
from services.identity.models import BrowserSession, LoginAttempt, OutboxEvent, TwoFactor
from services.common.jwks import unverified_part
from services.identity.token_cli import TWO_FACTOR_ON, USER_AGENT
from services.orgs.handlers import SUBSCRIPTIONS

from .identity_helpers import PASSWORD, sign_up
from .orgs_support import orgs  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "anna@alpine-web.example"


@pytest.fixture(autouse=True)
def reload_every_check(monkeypatch):
    monkeypatch.setattr(revocations.RevocationList, "REFRESH_SECONDS", 0)


def token_command(identity, password, *args, email=EMAIL):
    config = identity.config
    env = {**os.environ, "VAR_DIR": config["VAR_DIR"], "DATABASE_URL": config["DATABASE_URL"],
           "ISSUER": config["ISSUER"], "SMTP_URL": config["SMTP_URL"], "LOG_LEVEL": "WARNING"}
    return subprocess.run([sys.executable, "-m", "services.identity", "token", email, *args], input=password + "\n",
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def bearer(result):
    assert result.returncode == 0, result.stderr
    return {"Authorization": "Bearer " + result.stdout.strip()}


def test_id12_token_command_logs_the_person_in_and_prints_a_portal_token_orgs_accepts(
        identity, identity_client, smtp_server, orgs):
    account = sign_up(identity_client, smtp_server)
    headers = bearer(token_command(identity, PASSWORD))
    me = identity_client.get("/v1/me", headers=headers)
    assert me.status_code == 200 and me.get_json()["email"] == EMAIL
    assert orgs.test_client().get("/v1/organizations/mine", headers=headers).status_code == 200
    claims = unverified_part(headers["Authorization"].split()[1], 1)
    [session] = BrowserSession.select().where(BrowserSession.account == account["id"])
    assert claims["client_id"] == "portal" and claims["sid"] == str(session.id) and claims["amr"] == ["pwd"]
    assert "offline_access" not in claims["scope"].split() and {"account", "orgs"} <= set(claims["scope"].split())
    # ID9: the login is in the person's activity, named after the command.
    assert LoginAttempt.get(LoginAttempt.account == account["id"]).user_agent == USER_AGENT
    narrow = unverified_part(token_command(identity, PASSWORD, "--scope", "openid orgs").stdout.strip(), 1)
    assert narrow["scope"] == "openid orgs" and narrow["aud"] == ["orgs"]
    refused = token_command(identity, PASSWORD, "--scope", "orgs offline_access")
    assert refused.returncode == 1 and "--scope takes some of" in refused.stderr


def test_id10_token_command_refuses_a_wrong_password_with_the_generic_answer(identity, identity_client, smtp_server):
    account = sign_up(identity_client, smtp_server)
    for email in (EMAIL, "nobody@example.org"):
        refused = token_command(identity, "not the password", email=email)
        assert refused.returncode == 1 and refused.stdout == "" and WRONG in refused.stderr
    assert not BrowserSession.select().exists()
    assert [a.success for a in LoginAttempt.select().where(LoginAttempt.account == account["id"])] == [False]


def test_id2_id6_token_command_refuses_unverified_accounts_and_accounts_with_two_factor_on(
        identity, identity_client, smtp_server):
    sign_up(identity_client, smtp_server, verify=False)
    refused = token_command(identity, PASSWORD)
    assert refused.returncode == 1 and UNVERIFIED in refused.stderr
    lea = sign_up(identity_client, smtp_server, email="lea@example.org")
    TwoFactor.create(account=lea["id"], secret=pyotp.random_base32(), enabled_at=utcnow())  # as activation leaves it
    refused = token_command(identity, PASSWORD, email="lea@example.org")
    assert refused.returncode == 1 and TWO_FACTOR_ON in refused.stderr and refused.stdout == ""
    assert not BrowserSession.select().exists()


def test_id12_ending_the_commands_session_revokes_its_token_at_identity_and_orgs(
        identity, identity_client, smtp_server, orgs):
    sign_up(identity_client, smtp_server)
    first, second = bearer(token_command(identity, PASSWORD)), bearer(token_command(identity, PASSWORD))
    sid = unverified_part(first["Authorization"].split()[1], 1)["sid"]
    assert identity_client.delete(f"/v1/me/sessions/{sid}", headers=second).status_code == 204
    refused = identity_client.get("/v1/me", headers=first)
    assert refused.status_code == 401 and "revoked" in refused.get_json()["detail"]
    [event] = OutboxEvent.select().where(OutboxEvent.type == "identity.sessions.revoked")
    SUBSCRIPTIONS["identity.sessions.revoked"](json.loads(event.envelope)["data"], {})
    client = orgs.test_client()
    assert client.get("/v1/organizations/mine", headers=first).status_code == 401
    assert client.get("/v1/organizations/mine", headers=second).status_code == 200
