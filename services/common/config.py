"""Configuration from environment variables, with defaults that run on one machine."""
import os
from pathlib import Path

from services.common import clock
from services.common.exchange import DEFAULT_EXCHANGE_RATES, parse_rates

DEFAULT_PORTS = {"portal": 8000, "identity": 8001, "orgs": 8002, "billing": 8003, "partner": 8004}


def _env(name, default):
    return os.environ.get(name, default)


def _local_url(name):
    """A service's address: {NAME}_URL, else loopback on {NAME}_PORT, the ports bin/start
    honours; so an operator command run with the same *_PORT agrees with the running system."""
    port = _env(f"{name.upper()}_PORT", str(DEFAULT_PORTS[name]))
    return _env(f"{name.upper()}_URL", f"http://127.0.0.1:{port}")


def _int_list(text):
    return [int(part) for part in text.split(",") if part.strip()]


def load_config(service, **overrides):
    """The settings of one service process; `overrides` win over the environment (tests)."""
    var_dir = Path(overrides.get("VAR_DIR") or _env("VAR_DIR", "var")).resolve()
    issuer = _env("ISSUER", _local_url("identity"))
    config = {
        "SERVICE_NAME": service,
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": _env("DATABASE_URL", f"sqlite:///{var_dir}/{service}.db"),
        "AMQP_URL": _env("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"),
        # Every exchange and queue name starts with this; tests use a fresh one per run.
        "AMQP_PREFIX": _env("AMQP_PREFIX", "pp"),
        # "classic" on one node, "quorum" on a cluster (docker-compose sets it).
        "AMQP_QUEUE_TYPE": _env("AMQP_QUEUE_TYPE", "classic"),
        "PREFETCH": int(_env("PREFETCH", "20")),
        # One delay per retry; after the last one the event is parked as a dead letter.
        "RETRY_DELAYS_MS": _int_list(_env("RETRY_DELAYS_MS", "1000,5000,30000")),
        "RELAY_BATCH": int(_env("RELAY_BATCH", "500")),
        "RELAY_POLL_SECONDS": float(_env("RELAY_POLL_SECONDS", "0.2")),
        "ISSUER": issuer,
        "JWKS_URL": _env("JWKS_URL", issuer.rstrip("/") + "/.well-known/jwks.json"),
        "TOKEN_URL": _env("TOKEN_URL", issuer.rstrip("/") + "/oauth/token"),
        "ACCESS_TOKEN_TTL": int(_env("ACCESS_TOKEN_TTL", "600")),
        # This service's own OAuth2 client (client credentials); secret from env or var/secrets.
        "CLIENT_ID": _env("CLIENT_ID", service),
        "CLIENT_SECRET": _env("CLIENT_SECRET", ""),
        "MAX_CONTENT_LENGTH": int(_env("MAX_BODY_BYTES", str(1024 * 1024))),
        # Callers whose X-Forwarded-For names the visitor (web.client_address): the portal and a
        # reverse proxy in front; comma-separated addresses or networks. Loopback by default,
        # where bin/start runs the portal beside the services.
        "TRUSTED_PROXIES": _env("TRUSTED_PROXIES", "127.0.0.0/8,::1"),
        "FAILPOINTS": _env("FAILPOINTS", ""),
        "LOG_LEVEL": _env("LOG_LEVEL", "INFO"),
        "METRICS_PORT": int(_env("METRICS_PORT", "0")),
        # Mail: SMTP when set (smtp://host:port, smtps://, smtp+starttls://), else var/mail maildir.
        "SMTP_URL": _env("SMTP_URL", ""),
        "MAIL_FROM": _env("MAIL_FROM", "Partner Portal <no-reply@partner-portal.local>"),
        # The worker's sender of mail and SMS (services.common.sender): how often it looks for
        # due messages, how many per round, how long a claim holds (longer than an SMTP
        # conversation may last), and the first and the longest pause after a failure.
        "MESSAGE_POLL_SECONDS": float(_env("MESSAGE_POLL_SECONDS", "0.5")),
        "MESSAGE_BATCH": int(_env("MESSAGE_BATCH", "50")),
        "MESSAGE_LEASE_SECONDS": int(_env("MESSAGE_LEASE_SECONDS", "120")),
        "MESSAGE_RETRY_SECONDS": float(_env("MESSAGE_RETRY_SECONDS", "5")),
        "MESSAGE_RETRY_MAX_SECONDS": float(_env("MESSAGE_RETRY_MAX_SECONDS", "3600")),
        "SERVICE_URLS": {name: _local_url(name) for name in DEFAULT_PORTS},
        # CHF/EUR conversion (PA2): "EUR/CHF=0.94" means 1 EUR = 0.94 CHF; one pair converts both ways.
        "EXCHANGE_RATES": parse_rates(_env("EXCHANGE_RATES", DEFAULT_EXCHANGE_RATES)),
        # Calls to other services (client.py): seconds to connect and to wait for the answer;
        # a GET that fails in a way that may pass is tried again this many times, after pauses
        # doubling from SERVICE_CALL_BACKOFF seconds.
        "SERVICE_CONNECT_TIMEOUT": float(_env("SERVICE_CONNECT_TIMEOUT", "2")),
        "SERVICE_READ_TIMEOUT": float(_env("SERVICE_READ_TIMEOUT", "5")),
        "SERVICE_CALL_RETRIES": int(_env("SERVICE_CALL_RETRIES", "2")),
        "SERVICE_CALL_BACKOFF": float(_env("SERVICE_CALL_BACKOFF", "0.1")),
        # Test settings only (services/common/clock.py): CLOCK_FILE holds an offset that moves
        # every process's clock; refused at start unless TEST_CLOCK=1.
        "TEST_CLOCK": _env("TEST_CLOCK", "") == "1",
        "CLOCK_FILE": _env("CLOCK_FILE", ""),
        # Periodic runs (services/common/runs.py): a claim not renewed for this long is taken over.
        "RUN_LEASE_SECONDS": float(_env("RUN_LEASE_SECONDS", "60")),
        "RUN_SCHEDULE_POLL_SECONDS": float(_env("RUN_SCHEDULE_POLL_SECONDS", "30")),
        # Idempotency-Key (services/common/idempotency.py): how long a repeat waits for the first
        # request's answer before a 409, and after how long a claim without an answer is taken over.
        "IDEMPOTENCY_WAIT_SECONDS": int(_env("IDEMPOTENCY_WAIT_SECONDS", "30")),
        "IDEMPOTENCY_LEASE_SECONDS": int(_env("IDEMPOTENCY_LEASE_SECONDS", "120")),
    }
    config.update(overrides)
    clock.configure(config)
    return config


def secret_path(config, name):
    return Path(config["VAR_DIR"]) / "secrets" / name


def client_secret(config):
    """This service's client secret: CLIENT_SECRET, else the file identity wrote for it."""
    if config.get("CLIENT_SECRET"):
        return config["CLIENT_SECRET"]
    path = secret_path(config, config["CLIENT_ID"])
    return path.read_text().strip() if path.exists() else ""


def ensure_secret(config, name, make):
    """Read secret `name` under var/secrets, creating it with make() once, race-free."""
    path = secret_path(config, name)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{name}.{os.getpid()}")
        tmp.write_text(make())
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)  # atomic: exactly one process's secret wins
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
