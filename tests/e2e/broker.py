"""Stops and starts the test broker (the node bin/test runs) for the broker-outage test."""
import os
import subprocess

from .system import ROOT

PORT = os.environ.get("TEST_RABBITMQ_PORT", "5673")


def rabbitmq(action):
    env = {k: v for k, v in os.environ.items() if k != "VAR_DIR"}
    env["RABBITMQ_PORT"] = PORT
    subprocess.run(["bash", str(ROOT / "deploy/local/rabbitmq.sh"), action], env=env, check=True,
                   capture_output=True, timeout=120)
