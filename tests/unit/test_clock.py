"""The one clock: pinned and moved by tests, shared by a test system through CLOCK_FILE,
and never movable by a production configuration."""
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from services.common.clock import ClockSettingRefused
from services.common.config import load_config


def test_set_pins_and_advance_moves(clock):
    clock.set(datetime(2026, 3, 31, 23, 0))
    assert clock.now() == datetime(2026, 3, 31, 23, 0, tzinfo=timezone.utc)
    clock.advance(hours=2)
    assert clock.utcnow() == datetime(2026, 4, 1, 1, 0) and clock.today().isoformat() == "2026-04-01"


def test_a_clock_file_moves_every_process_under_the_test_settings(clock, tmp_path):
    path = tmp_path / "clock"
    load_config("orgs", TEST_CLOCK=True, CLOCK_FILE=str(path))
    try:
        clock.write_offset(path, 8 * 86400)
        assert clock.now() - datetime.now(timezone.utc) > timedelta(days=7, hours=23)
    finally:
        load_config("orgs")


def test_a_clock_file_without_the_test_settings_is_refused():
    with pytest.raises(ClockSettingRefused):
        load_config("orgs", CLOCK_FILE="/tmp/clock")


def test_a_service_refuses_to_start_with_a_clock_file_outside_the_test_settings(tmp_path):
    env = {**os.environ, "CLOCK_FILE": str(tmp_path / "clock"), "VAR_DIR": str(tmp_path)}
    env.pop("TEST_CLOCK", None)
    done = subprocess.run([sys.executable, "-m", "services.orgs", "migrate"], env=env, capture_output=True, text=True)
    assert done.returncode != 0 and "TEST_CLOCK=1" in done.stderr
