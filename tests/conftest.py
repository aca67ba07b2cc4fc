"""Fixtures shared by the whole suite: the database under test and the real broker.

TEST_DATABASE=sqlite (default) gives each test fresh SQLite files; TEST_DATABASE=postgresql
creates fresh databases on the cluster at TEST_POSTGRES_URL (bin/test starts one).
TEST_AMQP_URL names the real RabbitMQ node the tests use (bin/test starts one on 5673).
"""
import os
import uuid

import pika
import pytest

from services.common import topology

TEST_DATABASE = os.environ.get("TEST_DATABASE", "sqlite")
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5433/postgres")
AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5673/%2F")


SERVICES = ("identity", "orgs", "billing", "partner")
_templates = {}  # PostgreSQL: service name -> a database migrated once per test session


def _postgres(dbname):
    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{dbname}"


def _template(cursor, service):
    """A database with `service`'s schema, migrated by the service's own steps once per session:
    a test's database copies it (milliseconds) instead of migrating afresh (most of a
    PostgreSQL test's set-up). The app still runs its migrations at start: there are none left."""
    if service not in _templates:
        import importlib

        from services.common import migrations

        dbname = f"tpl_{service}_{uuid.uuid4().hex[:10]}"
        cursor.execute(f'CREATE DATABASE "{dbname}"')
        models = importlib.import_module(f"services.{service}.models")
        steps = importlib.import_module(f"services.{service}.migrations").STEPS
        database = migrations.bind_and_migrate(models.db, {"DATABASE_URL": _postgres(dbname), "SERVICE_NAME": service},
                                               steps)
        database.close()
        _templates[service] = dbname
    # A template must have no session open while it is copied.
    cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (_templates[service],))
    return _templates[service]


class Databases:
    """Creates one database per name on the engine under test; drops them afterwards. A service's
    name gets its current schema (a copy of a migrated template on PostgreSQL, which the SQLite
    file gets from the app at start); any other name (e.g. "orgs_old") is empty."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.created = []

    def url(self, name):
        if TEST_DATABASE == "sqlite":
            return f"sqlite:///{self.tmp_path}/{name}.db"
        import psycopg2

        dbname = f"t_{name}_{uuid.uuid4().hex[:10]}"
        conn = psycopg2.connect(POSTGRES_URL)
        conn.autocommit = True
        with conn.cursor() as cursor:
            template = f' TEMPLATE "{_template(cursor, name)}" STRATEGY FILE_COPY' if name in SERVICES else ""
            cursor.execute(f'CREATE DATABASE "{dbname}"{template}')
        conn.close()
        self.created.append(dbname)
        return _postgres(dbname)

    def drop_all(self):
        if not self.created:
            return
        import psycopg2

        conn = psycopg2.connect(POSTGRES_URL)
        conn.autocommit = True
        with conn.cursor() as cursor:
            for dbname in self.created:
                cursor.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.close()


@pytest.fixture(scope="session", autouse=True)
def _drop_templates():
    yield
    if _templates:
        import psycopg2

        conn = psycopg2.connect(POSTGRES_URL)
        conn.autocommit = True
        with conn.cursor() as cursor:
            for dbname in _templates.values():
                cursor.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.close()


@pytest.fixture
def databases(tmp_path):
    dbs = Databases(tmp_path)
    yield dbs
    dbs.drop_all()


@pytest.fixture
def amqp_prefix():
    """A fresh exchange/queue prefix per test; its queues are deleted afterwards."""
    prefix = f"t{uuid.uuid4().hex[:8]}"
    yield prefix
    delete_topology(prefix)


def delete_topology(prefix):
    """Deletes the queues and the exchange of one test's prefix on the test broker."""
    try:
        connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    except pika.exceptions.AMQPError:
        return  # a test that stopped the broker already failed loudly
    channel = connection.channel()
    config = {"AMQP_PREFIX": prefix}
    for service in ("identity", "orgs", "billing", "partner"):
        for name in [topology.queue(config, service), topology.dead_queue(config, service)] + [
            topology.retry_queue(config, service, d) for d in (1000, 5000, 30000, 100, 200, 50)
        ]:
            channel.queue_delete(name)
    channel.exchange_delete(topology.exchange(config))
    connection.close()


def service_config(module, tmp_path, databases, name, **overrides):
    """A service's config for in-process tests: its own database, a private var/ folder."""
    settings = {"VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": databases.url(name), "AMQP_URL": AMQP_URL,
                "LOG_LEVEL": "WARNING", **overrides}
    return module.make_config(**settings)


@pytest.fixture
def smtp_server():
    """A real SMTP server; point a service's SMTP_URL at `smtp_server.url`."""
    from tests.mail import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def deliver(smtp_server):
    """deliver() sends the mail and SMS the services under test recorded, now, in-process."""
    return smtp_server.deliver


def mint_user_token(var_dir, issuer, account_id, scope, audience, ttl=300, **claims):
    """An access token as identity would issue it to a user (signed with identity's key in
    var_dir), for service tests of one resource server. End-to-end tests use the real flow."""
    import time

    from joserfc import jwt

    from services.identity.oauth.keys import SigningKeys, ensure_key

    ensure_key(var_dir)
    keys = SigningKeys(var_dir).current()
    now = int(time.time())
    payload = {"iss": issuer, "sub": str(account_id), "client_id": "portal", "aud": audience,
               "iat": now, "exp": now + ttl, "jti": uuid.uuid4().hex, "scope": scope, **claims}
    return jwt.encode({"alg": "RS256", "typ": "at+jwt", "kid": keys.keys[0].kid}, payload, keys)


@pytest.fixture
def clock():
    """The one clock of every service, for this test: `clock.set(datetime)` pins it,
    `clock.advance(days=8)` moves it; real time again afterwards."""
    from services.common import clock as the_clock

    yield the_clock
    the_clock.reset()
