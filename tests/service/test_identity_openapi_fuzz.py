"""ID12: identity's OAuth2 endpoints and HTML pages, as its /openapi.json documents them, fuzzed
by schemathesis with every check and every phase (positive and negative data), anonymously,
with a service's token and with a person's token: no 500, and every answer has a documented
status, content type, headers and body shape (OAuth2 errors as RFC 6749 5.2 JSON).

Identity and orgs run as real HTTP servers (orgs answers identity's invitation look-ups); the
schemathesis CLI runs against them. Skipped where schemathesis is not installed."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.service.identity_helpers import sign_up, user_token
from tests.service.served import orgs, served_identity  # noqa: F401 - fixtures

from .conftest import basic

pytest.importorskip("schemathesis")
DOCUMENTED_HERE = r"^/(oauth/|\.well-known/|login|logout|signup|verify-email|reset-password)"


@pytest.fixture
def tokens(served_identity, smtp_server):
    """The operator's client-credentials token and a person's token."""
    client = served_identity.test_client()
    secret = open(f"{served_identity.config['VAR_DIR']}/secrets/operator").read().strip()
    service = client.post("/oauth/token", data={"grant_type": "client_credentials"},
                          headers=basic("operator", secret)).get_json()["access_token"]
    account = sign_up(client, smtp_server, email="fuzz@alpine-web.example")
    person = user_token(served_identity, account["id"], scope="openid profile email account")["Authorization"]
    return {"service": f"Bearer {service}", "person": person}


@pytest.mark.parametrize("who", ["anonymous", "service", "person"])
def test_id12_oauth_endpoints_and_pages_survive_fuzzing_as_documented(served_identity, tokens, who, tmp_path):
    url = served_identity.config["TOKEN_URL"].replace("/oauth/token", "/openapi.json")
    st = shutil.which("st", path=str(Path(sys.executable).parent)) or "st"
    command = [st, "run", url, "--checks", "all", "--include-path-regex", DOCUMENTED_HERE,
               "--max-examples", "30", "--generation-deterministic", "--no-color",
               "--report-dir", str(tmp_path)]
    if who != "anonymous":
        command += ["-H", f"Authorization: {tokens[who]}"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)  # its cache stays there
    failures = run.stdout[run.stdout.find("FAILURES"):] if "FAILURES" in run.stdout else run.stdout[-4000:]
    assert run.returncode == 0, failures[:30000] + run.stderr[-2000:]
