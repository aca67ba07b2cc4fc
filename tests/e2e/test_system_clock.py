"""The shared clock moved for a whole running system (CLOCK_FILE under TEST_CLOCK=1): every
process, web and worker, sees the same time, and the worker's schedule starts the day's runs."""
import json
from datetime import datetime, timedelta, timezone

import requests

from services.common import clock
from tests.conftest import AMQP_URL

from .system import System, wait_until

EIGHT_DAYS = 8 * 24 * 3600


def test_or4_moving_the_system_clock_expires_an_invitation_in_every_process(tmp_path, databases, amqp_prefix):
    clock_file = tmp_path / "clock"
    system = System(tmp_path, databases, AMQP_URL, amqp_prefix, TEST_CLOCK="1", CLOCK_FILE=str(clock_file),
                    RUN_SCHEDULE_POLL_SECONDS="0.2")
    try:
        system.start("identity", "orgs")
        account = system.sign_up("anna@alpine-web.example", kind="company", name="Alpine Web")
        organization = wait_until(lambda: system.organizations_of(account["id"]), what="the organization")[0]
        issued = system.cli("identity", "token", "anna@alpine-web.example", stdin="correct horse battery\n")
        assert issued.returncode == 0, issued.stderr
        anna = {"Authorization": f"Bearer {issued.stdout.strip()}"}
        invitations = f"{system.url('orgs')}/v1/organizations/{organization['id']}/invitations"
        sent = requests.post(invitations, json={"email": "ben@example.ch"}, headers=anna, timeout=10)
        assert sent.status_code == 201, sent.text

        clock.write_offset(clock_file, EIGHT_DAYS)  # OR4: invitations expire after 7 days

        def expired():
            listed = requests.get(invitations, headers=anna, timeout=10).json()
            return listed[0]["status"] == "expired" and listed[0]
        wait_until(expired, what="the web process to see the moved clock")
        moved_day = (datetime.now(timezone.utc) + timedelta(days=8)).date().isoformat()

        def run_done():
            runs = [json.loads(line) for line in system.cli("orgs", "runs").stdout.splitlines() if line.strip()]
            return [r for r in runs if r["name"] == "expire-invitations" and r["key"] == moved_day and r["finished_at"]]
        done = wait_until(run_done, timeout=30, what="the worker's schedule to run the moved day's expiry")
        assert done[0]["counts"]["changed"] == 1 and not done[0]["error"]
    finally:
        system.close()


def test_the_clock_file_is_refused_without_the_test_setting(tmp_path, databases, amqp_prefix):
    system = System(tmp_path, databases, AMQP_URL, amqp_prefix, CLOCK_FILE=str(tmp_path / "clock"))
    refused = system.cli("orgs", "migrate")
    assert refused.returncode != 0 and "TEST_CLOCK=1" in refused.stderr
