"""Health, readiness, metrics, OpenAPI and JSON logs on every service."""
import io
import json
import logging

import pytest

from services.billing import app as billing_app
from services.identity import app as identity_app
from services.orgs import app as orgs_app
from services.partner import app as partner_app
from tests.conftest import service_config

APPS = {"identity": identity_app, "orgs": orgs_app, "billing": billing_app, "partner": partner_app}


@pytest.fixture(params=sorted(APPS))
def client(request, tmp_path, databases):
    module = APPS[request.param]
    app = module.create_app(service_config(module, tmp_path, databases, request.param))
    yield request.param, app.test_client()
    app.extensions["database"].close()


def test_healthz_answers_while_the_process_is_up(client):
    _name, c = client
    assert c.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_checks_database_and_broker(client):
    _name, c = client
    body = c.get("/readyz").get_json()
    assert body["checks"] == {"database": "ok", "broker": "ok"}


def test_readyz_is_a_503_problem_when_the_broker_is_unreachable(tmp_path, databases):
    config = service_config(orgs_app, tmp_path, databases, "orgs", AMQP_URL="amqp://guest:guest@127.0.0.1:1/%2F")
    response = orgs_app.create_app(config).test_client().get("/readyz")
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert response.get_json()["checks"]["broker"].startswith("unreachable")


def test_metrics_are_exposed_for_prometheus(client):
    _name, c = client
    c.get("/healthz")
    text = c.get("/metrics").get_data(as_text=True)
    assert "http_requests_total" in text and "http_request_duration_seconds" in text


def test_every_service_publishes_openapi_with_its_paths(client):
    name, c = client
    spec = c.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and spec["paths"]
    assert "bearer" in spec["components"]["securitySchemes"]


def test_logs_are_json_lines_carrying_the_correlation_id(client):
    _name, c = client
    response = c.get("/v1/no-such-thing", headers={"X-Correlation-ID": "corr-42"})
    assert response.headers["X-Correlation-ID"] == "corr-42"
    app = c.application
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.getLogger().handlers[0].formatter)
    with app.test_request_context("/healthz", headers={"X-Correlation-ID": "corr-43"}):
        app.preprocess_request()
        logging.getLogger("services.test").addHandler(handler)
        logging.getLogger("services.test").warning("probe", extra={"order": 7})
    entry = json.loads(stream.getvalue().strip())
    assert entry["msg"] == "probe" and entry["correlation_id"] == "corr-43" and entry["level"] == "warning"
    assert entry["service"] == _name and entry["order"] == 7
