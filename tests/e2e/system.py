"""Runs the real system for end-to-end tests: gunicorn web apps and worker processes.

Each `System` gets its own databases (SQLite files or fresh PostgreSQL databases), its
own var/ folder (keys, secrets) and its own exchange/queue prefix on the shared test
broker, so tests never see each other's events.
"""
import mailbox
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("identity", "orgs", "billing", "partner")
WEB_ONLY = ("portal",)  # no database, no worker
START_SECONDS = 90  # a web process's first answer: the apps migrate their databases first, on a busy machine


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout=30.0, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def mail_text(message):
    """The text/plain parts of a mail, decoded."""
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8", "replace")
                     for part in parts if part.get_content_type() == "text/plain")


class System:
    def __init__(self, tmp_path, databases, amqp_url, prefix, **env):
        self.dir = tmp_path
        self.var = tmp_path / "var"
        self.ports = {name: free_port() for name in SERVICES + WEB_ONLY}
        self.db_urls = {name: databases.url(name) for name in SERVICES}
        self.processes = {}
        self.env = {
            **os.environ,
            "VAR_DIR": str(self.var), "AMQP_URL": amqp_url, "AMQP_PREFIX": prefix,
            "RELAY_POLL_SECONDS": "0.05", "RETRY_DELAYS_MS": "100,200", "PREFETCH": "10",
            "ISSUER": self.url("identity"), "LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1",
            **{f"{name.upper()}_URL": self.url(name) for name in SERVICES + WEB_ONLY},
            **env,
        }
        self._tokens = {}

    def url(self, service):
        return f"http://127.0.0.1:{self.ports[service]}"

    # -- processes ------------------------------------------------------------------
    def _spawn(self, name, argv, service, env):
        log = open(self.dir / f"{name}.log", "ab")
        full_env = {**self.env, "SERVICE_NAME": service, **env}
        if service in self.db_urls:
            full_env["DATABASE_URL"] = self.db_urls[service]
        self.processes[name] = subprocess.Popen(argv, cwd=ROOT, env=full_env, stdout=log, stderr=log)

    def start_web(self, service, wait=True, **env):
        argv = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "deploy/gunicorn.conf.py"), "--workers", "1",
                "--bind", f"127.0.0.1:{self.ports[service]}",
                "--graceful-timeout", "2", f"services.{service}.wsgi:app"]
        self._spawn(f"{service}-web", argv, service, env)
        if wait:
            wait_until(lambda: self._healthy(service), timeout=START_SECONDS, what=f"{service} web")

    def start_worker(self, service, **env):
        self._spawn(f"{service}-worker", [sys.executable, "-m", f"services.{service}", "worker"], service, env)

    def start(self, *services, workers=True):
        """Every service (web and worker), or those named; "portal" is a web process only."""
        for service in services or SERVICES:
            self.start_web(service, wait=False)
            if workers and service not in WEB_ONLY:
                self.start_worker(service)
        for service in services or SERVICES:
            wait_until(lambda: self._healthy(service), timeout=START_SECONDS, what=f"{service} web")
        return self

    def _healthy(self, service):
        try:
            return requests.get(self.url(service) + "/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def kill(self, name, sig=signal.SIGKILL):
        process = self.processes.pop(name)
        process.send_signal(sig)
        process.wait(timeout=15)

    def wait_exit(self, name, timeout=30):
        process = self.processes[name]
        wait_until(lambda: process.poll() is not None, timeout, what=f"{name} to exit")
        del self.processes[name]
        return process.returncode

    def cli(self, service, *args, stdin=None):
        env = {**self.env, "SERVICE_NAME": service, "DATABASE_URL": self.db_urls[service]}
        return subprocess.run([sys.executable, "-m", f"services.{service}", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60, input=stdin)

    def rows(self, service, sql):
        """The rows of a query on a service's own database (the tests' look behind the APIs)."""
        from services.common.db import open_database

        database = open_database(self.db_urls[service])
        try:
            return database.execute_sql(sql).fetchall()
        finally:
            database.close()

    def log(self, name):
        return (self.dir / f"{name}.log").read_text(errors="replace")

    def close(self):
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM if name.endswith("web") else signal.SIGKILL)

    # -- HTTP -------------------------------------------------------------------------
    def operator_token(self):
        return self.client_token("operator")

    def client_token(self, client):
        """A client-credentials token of one of identity's declared clients (its secret in var/)."""
        if client not in self._tokens:
            secret = (self.var / "secrets" / client).read_text().strip()
            response = requests.post(self.url("identity") + "/oauth/token", data={"grant_type": "client_credentials"},
                                     auth=(client, secret), timeout=5)
            response.raise_for_status()
            self._tokens[client] = response.json()["access_token"]
        return self._tokens[client]

    def get(self, service, path, **kwargs):
        headers = {"Authorization": f"Bearer {self.operator_token()}"}
        return requests.get(self.url(service) + path, headers=headers, timeout=5, **kwargs)

    def sign_up(self, email, kind="individual", name=None, currency="CHF", correlation_id=None, verify=True):
        body = {"email": email, "password": "correct horse battery", "first_name": "Test",
                "last_name": email.split("@")[0], "organization": {"kind": kind, "currency": currency,
                                                                   **({"name": name} if name else {})}}
        headers = {"X-Correlation-ID": correlation_id} if correlation_id else {}
        response = requests.post(self.url("identity") + "/v1/accounts", json=body, headers=headers, timeout=10)
        assert response.status_code == 201, response.text
        if verify:
            self.verify_email(email)
        return response.json()

    def verify_email(self, address):
        """Open the verification link identity mailed (ID2); mail lands in var/mail here, sent by
        identity's worker a moment after the sign-up committed."""
        path = self.mail_link(address, r"/verify-email\?token=[\w\-]+", timeout=15)
        assert requests.get(self.url("identity") + path, timeout=5).status_code == 200

    def mail_link(self, to, pattern, timeout=20):
        """The first match of `pattern` in the newest mail to `to` that has one (the services'
        workers deliver to var/mail)."""
        folder = self.var / "mail"

        def find():
            # the sender makes new/, cur/ and tmp/ one after the other: read only a whole maildir
            if not all((folder / part).is_dir() for part in ("new", "cur", "tmp")):
                return None
            for message in sorted(mailbox.Maildir(folder, create=False), key=lambda m: m["Date"] or "",
                                  reverse=True):
                if to in (message["To"] or ""):
                    match = re.search(pattern, mail_text(message))
                    if match:
                        return match.group(0)
            return None
        return wait_until(find, timeout, what=f"a mail to {to} with {pattern}")

    def organizations_of(self, account_id):
        response = self.get("orgs", "/v1/organizations", params={"account_id": account_id})
        assert response.status_code == 200, response.text
        return response.json()
