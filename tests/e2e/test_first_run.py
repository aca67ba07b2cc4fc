"""The first run, as a newcomer gets it (issue 7): `bin/start` in a clean clone of the
committed HEAD, on free ports, then every command of README's "Trying it" as written (only
the ports replaced), then Ctrl-C.

It is also the test of the embedded defaults exactly as bin/start configures them: a
SQLite file per service in var/, mail in the var/mail maildir, texts in
var/sms/outbox.jsonl, and the RabbitMQ node of deploy/local/rabbitmq.sh.
"""
import json
import re
import shutil
import socket

import pytest

from tests.conftest import TEST_DATABASE

from .first_run import FirstRun, process_state, readme_commands
from .system import SERVICES, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(
    TEST_DATABASE != "sqlite", reason="bin/start's embedded defaults are SQLite; the SQLite pass runs this test")]

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MARK = "@@step"


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    run = FirstRun(tmp_path_factory.mktemp("first-run"))
    try:
        run.clone_head()
        run.start()
        # The first bin/install in the clone makes a virtualenv and pip-installs: minutes, once.
        wait_until(run.ready, timeout=900, interval=1, what="the five /readyz of bin/start")
        yield run
    finally:
        run.stop_anyway()
        shutil.rmtree(run.clone, ignore_errors=True)  # its .venv is large; bin-start.log stays


def run_readme(run):
    """The README's commands in one shell (their variables carry over), one step a paragraph;
    returns each step's text and output lines."""
    [block] = readme_commands(run.ports)
    assert not re.search(r"<[^<>\n]+>", block), "a placeholder is left for the reader to fill"
    steps = [step for step in block.split("\n\n") if step.strip()]
    script = "".join(f"echo '{MARK} {i}'\n{step}\n" for i, step in enumerate(steps))
    result = run.run_shell(script)
    assert result.returncode == 0, f"README commands failed:\n{result.stdout}\n{result.stderr}\n{run.log_tail()}"
    outputs = [part.splitlines()[1:] for part in result.stdout.split(MARK)[1:]]
    return list(zip(steps, outputs))


def json_lines(lines):
    return [json.loads(line) for line in lines if line.strip()]


def test_id2_id3_id5_first_run_of_bin_start_and_readme_commands_on_a_fresh_clone(first_run):
    run = first_run
    steps = run_readme(run)
    assert len(steps) == 8, [step for step, _ in steps]
    (_, define), (_, account), (_, verified), (_, token), (_, org), (_, recorded), (_, as_anna), (_, texted) = steps
    assert define == [] and token == []
    assert UUID.match(account[0]) and verified == ["200"] and UUID.match(org[0])
    organization = org[0]
    billing, partner = json_lines(recorded)
    assert billing["organization_id"] == organization and billing["currency"] == "CHF"
    assert partner["organization_id"] == organization and partner["name"] == "Alpine Web"
    me, mine = json_lines(as_anna)
    assert me["id"] == account[0] and me["email"] == "anna@example.ch" and me["email_verified"] is True
    assert [(o["id"], o["name"], o["my_role"]) for o in mine] == [(organization, "Alpine Web", "legal_representative")]
    accepted, sms = json_lines(texted)
    assert accepted == {"status": "accepted"} and sms["to"] == "+41791234567" and "anna@example.ch" in sms["text"]

    # The embedded defaults are where bin/start puts them (the answers above came from them).
    var = run.clone / "var"
    assert all((var / f"{name}.db").stat().st_size > 0 for name in SERVICES)
    assert any(b"anna@example.ch" in f.read_bytes() for f in (var / "mail" / "new").iterdir())
    assert (var / "sms" / "outbox.jsonl").exists()
    broker = run.broker_pid()  # deploy/local/rabbitmq.sh's node, its data in the clone's var/
    assert process_state(broker) not in (None, "Z")

    # Ctrl-C: bin/start stops honcho's processes, then the broker, and exits 130.
    assert run.interrupt() == 130, run.log_tail()
    try:
        wait_until(lambda: not run.leftovers(), timeout=30, what="every process started from the clone to end")
    except AssertionError:
        pytest.fail(f"still running after Ctrl-C: {run.leftovers()}")
    assert process_state(broker) in (None, "Z") and "stopping RabbitMQ" in run.log_path.read_text()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", run.ports["RABBITMQ_PORT"]), timeout=2).close()
