"""Operators' commands of orgs (OR14): explain an access decision, export the audit log."""
import argparse
import json
import os
import subprocess
import sys
import uuid

from services.orgs.cli import audit_log, explain
from services.orgs.models import AuditEntry

from .orgs_support import add_member, orgs, people  # noqa: F401 - fixtures

PRODUCT = "3f0c7c8e-2a7b-4d55-9d0e-0b8c6a1f2e33"


def test_or14_explain_says_why_and_writes_nothing(people, capsys):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl, product_ids=[PRODUCT])
    before = AuditEntry.select().count()
    args = argparse.Namespace(subject=carl.id, action="product.manage", organization=org, product=PRODUCT)
    assert explain({}, args) == 0
    decision = json.loads(capsys.readouterr().out)
    assert decision["decision"] == "allow" and decision["via"]["kind"] == "grant" and "OR6" in decision["reason"]
    args.product = str(uuid.uuid4())
    explain({}, args)
    assert json.loads(capsys.readouterr().out)["decision"] == "deny"
    assert AuditEntry.select().count() == before  # explaining is not acting
    args.subject = "not-a-uuid"
    assert explain({}, args) == 2


def test_or14_the_audit_export_pages_through_everything_newest_first(people, capsys):
    anna, carl = people("anna@example.ch"), people("carl@example.ch")
    org = anna.create_org()
    add_member(org, carl)
    for i in range(5):
        carl.call("patch", f"/v1/organizations/{org}", {"name": f"x{i}"})  # refused: audited
    args = argparse.Namespace(organization=org, actor=None, action=None, limit=1000)
    assert audit_log({}, args) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 6 and [e["id"] for e in lines] == sorted((e["id"] for e in lines), reverse=True)
    args.actor, args.limit = carl.id, 3
    audit_log({}, args)
    captured = capsys.readouterr()
    assert [e["outcome"] for e in map(json.loads, captured.out.splitlines())] == ["denied"] * 3
    assert "3 entries" in captured.err


def test_orgs_operator_commands_are_wired(tmp_path):
    env = {**os.environ, "VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": f"sqlite:///{tmp_path}/orgs.db",
           "LOG_LEVEL": "WARNING"}
    done = subprocess.run([sys.executable, "-m", "services.orgs", "explain", "--subject", str(uuid.uuid4()),
                           "--action", "organization.read", "--organization", str(uuid.uuid4())],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["reason"] == "no such organization"
