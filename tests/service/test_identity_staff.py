"""The provider's staff (PA1's reviewers): `python -m services.identity staff grant|revoke EMAIL`, and
the scope `staff` only in staff accounts' tokens; asking for it otherwise is no error."""
import os
import subprocess
import sys
from pathlib import Path

from services.common.jwks import unverified_part
from services.identity import seed as demo
from services.identity.models import Account
from services.identity.token_cli import issue_token

from .identity_helpers import PASSWORD, sign_up

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "anna@alpine-web.example"


def identity_command(identity, *args):
    config = identity.config
    env = {**os.environ, "VAR_DIR": config["VAR_DIR"], "DATABASE_URL": config["DATABASE_URL"],
           "ISSUER": config["ISSUER"], "LOG_LEVEL": "WARNING"}
    return subprocess.run([sys.executable, "-m", "services.identity", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def scopes(identity, scope):
    return unverified_part(issue_token(identity.config, EMAIL, PASSWORD, scope), 1)["scope"].split()


def test_only_a_staff_accounts_token_carries_the_staff_scope(identity, identity_client, smtp_server):
    sign_up(identity_client, smtp_server)
    assert scopes(identity, "openid partner staff") == ["openid", "partner"]  # asked, not refused: left out
    assert "staff" not in scopes(identity, None)  # the portal's whole set
    granted = identity_command(identity, "staff", "grant", EMAIL.upper())
    assert granted.returncode == 0 and granted.stdout.strip() == f"{EMAIL} is staff now", granted.stderr
    assert Account.get(Account.email == EMAIL).staff
    claims = unverified_part(issue_token(identity.config, EMAIL, PASSWORD, "openid partner staff"), 1)
    assert claims["scope"].split() == ["openid", "partner", "staff"] and claims["aud"] == ["partner"]
    listed = identity_command(identity, "staff", "list")
    assert listed.stdout.split() == [EMAIL] and "1 staff account(s)" in listed.stderr
    assert identity_command(identity, "staff", "revoke", EMAIL).returncode == 0
    assert scopes(identity, "openid partner staff") == ["openid", "partner"]
    assert identity_command(identity, "staff", "grant", "nobody@example.org").returncode == 1
    assert identity_command(identity, "staff", "grant").returncode == 2


def test_the_demo_seed_has_a_staff_login(identity, capsys):
    demo.seed(identity.config)
    assert Account.get(Account.email == "staff@partner-portal.example").staff
    assert not Account.get(Account.email == "anna.keller@alpine-web.example").staff
    assert "staff@partner-portal.example" in capsys.readouterr().out
