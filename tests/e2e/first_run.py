"""A newcomer's first run: a clean clone of the committed HEAD, `bin/start` in it on free
ports, Ctrl-C at the end. Used by test_first_run.py."""
import os
import random
import re
import signal
import socket
import subprocess
from pathlib import Path

import requests

from .system import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PORTS = {"PORTAL_PORT": 8000, "IDENTITY_PORT": 8001, "ORGS_PORT": 8002, "BILLING_PORT": 8003,
                 "PARTNER_PORT": 8004}
# A newcomer's shell: none of the settings the services read (VAR_DIR, SMTP_URL, TEST_*...).
SHELL_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "USER", "LOGNAME", "TMPDIR", "http_proxy", "https_proxy")


def port_is_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def broker_port():
    """A free port whose Erlang distribution port (+20000, deploy/local/rabbitmq.sh) is free too."""
    for _ in range(200):
        port = random.randint(20000, 45000)
        if port_is_free(port) and port_is_free(port + 20000):
            return port
    raise AssertionError("no free port pair for RabbitMQ")


def process_state(pid):
    """The state letter in /proc/PID/stat ("Z": a zombie, dead), or None when there is no such process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def readme_commands(ports):
    """The ```sh blocks of README's "Trying it", with bin/start's default ports replaced."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Trying it\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    by_default = {str(port): str(ports[name]) for name, port in DEFAULT_PORTS.items()}
    return [re.sub(r"\b800[0-4]\b", lambda m: by_default[m.group(0)], block) for block in blocks]


class FirstRun:
    def __init__(self, base):
        self.clone, self.log_path = base / "partner-portal", base / "bin-start.log"
        self.ports = {name: free_port() for name in DEFAULT_PORTS}
        self.ports["RABBITMQ_PORT"] = broker_port()
        self.env = {k: v for k, v in os.environ.items() if k in SHELL_VARIABLES or k.startswith("PIP_")}
        self.env.update({name: str(port) for name, port in self.ports.items()})
        self.process = None

    def clone_head(self):
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        subprocess.run(["git", "clone", "-q", str(ROOT), str(self.clone)], check=True, timeout=120)
        subprocess.run(["git", "checkout", "-q", head], cwd=self.clone, check=True, timeout=60)

    def start(self):
        # A session of its own: SIGINT to its process group is what Ctrl-C in a terminal does.
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(["bash", "bin/start"], cwd=self.clone, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def url(self, port_name):
        return f"http://127.0.0.1:{self.ports[port_name]}"

    def ready(self):
        if self.process.poll() is not None:
            raise AssertionError(f"bin/start exited with {self.process.returncode}:\n{self.log_tail()}")
        for name in DEFAULT_PORTS:
            try:
                if requests.get(self.url(name) + "/readyz", timeout=2).status_code != 200:
                    return False
            except requests.RequestException:
                return False
        return True

    def run_shell(self, script, timeout=240):
        return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=self.clone, env=self.env,
                              capture_output=True, text=True, timeout=timeout)

    def broker_pid(self):
        return int((self.clone / "var" / f"rabbitmq-{self.ports['RABBITMQ_PORT']}" / "rabbitmq.pid").read_text())

    def interrupt(self, timeout=120):
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=timeout)

    def leftovers(self):
        """Processes still running from the clone (by command line or working directory)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                cwd = os.readlink(entry / "cwd")
            except OSError:
                continue  # gone meanwhile, or not ours to read
            state = process_state(entry.name)
            # epmd is the machine's Erlang port mapper, shared by every node; rabbitmq.sh
            # stops it only once no node is left (other engineers' may be running).
            if state not in (None, "Z") and "epmd" not in cmdline.split(" ")[0] and (
                    str(self.clone) in cmdline or cwd.startswith(str(self.clone))):
                found.append(f"{entry.name}: {cmdline.strip()}")
        return found

    def stop_anyway(self):
        """After a failure: stop what is left, so no broker or service outlives the test."""
        if self.process is not None and self.process.poll() is None:
            try:
                self.interrupt(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        if (self.clone / "deploy/local/rabbitmq.sh").exists():
            subprocess.run(["bash", "deploy/local/rabbitmq.sh", "stop"], cwd=self.clone, env=self.env,
                           capture_output=True, timeout=120)
        try:
            wait_until(lambda: not self.leftovers(), timeout=20, what="the clone's processes to end")
        except AssertionError:
            pass  # reported by the test itself when it got that far

    def log_tail(self, lines=60):
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])
