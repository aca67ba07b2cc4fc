"""Identity-verification cases (ID5, ID7): opened instead of answering, closed by staff with
`python -m services.identity cases`."""
import argparse
import json
import os
import subprocess
import sys

import pytest

from services.identity import cases
from services.identity.cases_cli import cases_command
from services.identity.models import BackupCode, BrowserSession, IdentityVerificationCase, TwoFactor
from tests.service.identity_helpers import csrf, login
from tests.service.test_identity_two_factor import EMAIL, anna, enable, second_step  # noqa: F401 - fixtures


def ask_for_a_case(client, note="Call me on +41 79 123 45 67, mornings."):
    assert login(client, EMAIL).headers["Location"] == "/login/2fa"
    assert "Lost your authenticator" in client.get("/login/2fa").get_data(as_text=True)
    return client.post("/login/2fa/lost", data={"note": note, "csrf_token": csrf(client, "/login/2fa/lost")})


def run(config, action, case_id=None, **options):
    args = argparse.Namespace(action=action, case_id=case_id, status=options.get("status", "open"),
                              outcome=options.get("outcome"), by=options.get("by"), note=options.get("note"),
                              account=options.get("account"))
    return cases_command(config, args)


@pytest.fixture
def with_2fa(identity_client, anna, clock):
    enable(identity_client, anna, clock)
    return anna


def test_id7_a_lost_second_factor_opens_one_case_and_tells_the_account(identity_client, with_2fa, smtp_server):
    page = ask_for_a_case(identity_client)
    assert page.status_code == 200
    [case] = IdentityVerificationCase.select()
    assert str(case.id) in page.get_data(as_text=True)
    assert case.reason == "two-factor-lost" and case.status == "open" and str(case.account_id) == with_2fa["id"]
    assert json.loads(case.submitted)["note"].startswith("Call me")
    mail = smtp_server.wait_for(EMAIL)[-1]
    assert "identity check" in mail["Subject"] and str(case.id) in mail.get_content()
    # Nothing changed yet, and no session exists: the login did not pass.
    assert TwoFactor.select().count() == 1 and BrowserSession.select().count() == 0
    # Asking again while it is open gives the same case.
    assert str(case.id) in ask_for_a_case(identity_client).get_data(as_text=True)
    assert IdentityVerificationCase.select().count() == 1


def test_id7_only_a_login_that_passed_the_password_can_ask(identity_client, with_2fa):
    assert identity_client.get("/login/2fa/lost").headers["Location"] == "/login"
    assert login(identity_client, EMAIL, password="wrong password here").status_code != 303
    response = identity_client.post("/login/2fa/lost", data={"note": "x", "csrf_token": csrf(identity_client)})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    login(identity_client, EMAIL)
    assert identity_client.post("/login/2fa/lost", data={"note": "no csrf"}).status_code == 403
    too_long = identity_client.post("/login/2fa/lost", data={"note": "x" * 1001,
                                                              "csrf_token": csrf(identity_client, "/login/2fa/lost")})
    assert too_long.status_code == 422
    assert IdentityVerificationCase.select().count() == 0


def test_id7_a_verified_case_turns_2fa_off_ends_sessions_and_the_person_can_sign_in(
        identity, identity_client, with_2fa, smtp_server, capsys):
    ask_for_a_case(identity_client)
    case_id = str(IdentityVerificationCase.get().id)
    assert run(identity.config, "list") == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [c["id"] for c in listed] == [case_id] and listed[0]["account"]["email"] == EMAIL
    assert run(identity.config, "resolve", case_id, outcome="verified", by="Lea (support)",
               note="passport checked by video call") == 0
    resolved = json.loads(capsys.readouterr().out)
    assert resolved["status"] == "verified" and resolved["resolved_by"] == "Lea (support)"
    assert TwoFactor.select().count() == 0 and BackupCode.select().count() == 0
    assert BrowserSession.select().where(BrowserSession.revoked_at.is_null()).count() == 0
    assert "turned off" in smtp_server.wait_for(EMAIL)[-1]["Subject"]
    # The password alone signs in now; the case is closed once.
    response = login(identity_client, EMAIL)
    assert response.status_code == 303 and response.headers["Location"] != "/login/2fa"
    assert run(identity.config, "resolve", case_id, outcome="rejected", by="Tom") == 1
    assert "already verified" in capsys.readouterr().err


def test_id7_a_rejected_case_changes_nothing_but_tells_the_account(identity, identity_client, with_2fa, smtp_server,
                                                                  capsys):
    ask_for_a_case(identity_client)
    case_id = str(IdentityVerificationCase.get().id)
    assert run(identity.config, "resolve", case_id, outcome="rejected", by="Tom", note="could not reach") == 0
    assert json.loads(capsys.readouterr().out)["status"] == "rejected"
    assert TwoFactor.select().count() == 1 and BackupCode.select().count() == 10
    assert "stays on" in smtp_server.wait_for(EMAIL)[-1]["Subject"]
    assert run(identity.config, "list") == 0 and capsys.readouterr().out == ""
    assert run(identity.config, "list", status="rejected") == 0
    assert json.loads(capsys.readouterr().out)["resolution_note"] == "could not reach"


def test_id5_staff_see_login_email_cases_and_resolving_needs_who_and_how(identity, identity_client, capsys):
    identity_client.post("/v1/login-email-recovery", json={"mobile": "+41790000000"})
    [case] = cases.cases()
    assert case["reason"] == "login-email-recovery" and case["submitted"]["mobile"] == "+41790000000"
    assert case["account"] is None
    assert run(identity.config, "show", case["id"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == case["id"]
    assert run(identity.config, "resolve", case["id"], outcome="verified", by="  ") == 1
    assert run(identity.config, "resolve", case["id"]) == 2  # no outcome
    assert run(identity.config, "show", "6f1c1b7e-9f5a-4d8e-9a57-0c8f5b7f1a11") == 1
    assert run(identity.config, "show", "not-a-uuid") == 1
    assert IdentityVerificationCase.get().status == "open"


def test_id5_a_verified_login_email_case_texts_the_login_staff_found_to_the_given_mobile(
        identity, identity_client, with_2fa, capsys, deliver):
    from services.common.sms import SmsOutbox
    identity_client.post("/v1/login-email-recovery", json={"mobile": "+41790000000"})  # no account has it
    [case] = cases.cases()
    deliver()
    assert SmsOutbox(identity.config).sent() == []  # never disclosed automatically
    # Only a login-email-recovery case, only when verified, only an existing account.
    assert run(identity.config, "resolve", case["id"], outcome="rejected", by="Lea", account=EMAIL) == 1
    assert run(identity.config, "resolve", case["id"], outcome="verified", by="Lea", account="nobody@x.example") == 1
    deliver()
    assert IdentityVerificationCase.get().status == "open" and SmsOutbox(identity.config).sent() == []
    assert run(identity.config, "resolve", case["id"], outcome="verified", by="Lea (support)",
               note="ID card, call back on the number in our CRM", account=EMAIL) == 0
    resolved = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert resolved["account"]["email"] == EMAIL and resolved["status"] == "verified"
    deliver()
    [sms] = SmsOutbox(identity.config).sent()
    assert sms["to"] == "+41790000000" and EMAIL in sms["text"]


def test_cases_cli_runs_as_an_operator_command(tmp_path):
    env = {**os.environ, "VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": f"sqlite:///{tmp_path}/identity.db",
           "LOG_LEVEL": "WARNING"}
    done = subprocess.run([sys.executable, "-m", "services.identity", "cases", "list", "--status", "all"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "0 case(s) in all" in done.stderr
    helped = subprocess.run([sys.executable, "-m", "services.identity", "--help"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert "identity-verification cases for staff" in helped.stdout
