"""The scale-out setup (docker-compose.yml, deploy/) and the local Procfile are consistent."""
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("identity", "orgs", "billing", "partner")


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose is not installed")
def test_docker_compose_file_is_valid():
    result = subprocess.run(["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_compose_runs_a_web_and_a_worker_per_service_on_postgres_and_quorum_queues():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"rabbitmq", "postgres", "portal"} <= set(services)
    for name in SERVICES:
        for container in (name, f"{name}-worker"):
            env = services[container]["environment"]
            assert env["SERVICE_NAME"] == name
            assert env["DATABASE_URL"].startswith("postgresql://") and env["DATABASE_URL"].endswith(f"/{name}")
            assert env["AMQP_QUEUE_TYPE"] == "quorum"
        assert "healthcheck" in services[name]
    init_sql = (ROOT / "deploy/postgres/init.sql").read_text()
    assert all(f"CREATE DATABASE {name}" in init_sql for name in SERVICES)
    conf = (ROOT / "deploy/rabbitmq/rabbitmq.conf").read_text()
    assert "definitions.json" in conf


def test_procfile_runs_every_service_web_and_worker():
    procfile = (ROOT / "Procfile").read_text()
    for name in SERVICES:
        assert f"services.{name}.wsgi:app" in procfile and f"services.{name} worker" in procfile
    assert "services.portal.wsgi:app" in procfile
