"""Shared web pieces: gunicorn's access log only when asked, bounded metric labels."""

from gunicorn.config import Config
from prometheus_client import REGISTRY

from services.common.logs import GunicornLogger
from services.common.web import build_app


def gunicorn_logger(accesslog):
    config = Config()
    config.set("logconfig_dict", {"version": 1, "disable_existing_loggers": False})
    if accesslog:
        config.set("accesslog", accesslog)
    return GunicornLogger(config)


def test_gunicorn_builds_access_lines_only_when_access_log_is_set():
    assert gunicorn_logger(None).access_log_enabled is False
    assert gunicorn_logger("-").access_log_enabled is True


def test_gunicorn_config_uses_our_logger():
    namespace = {}
    exec(open("deploy/gunicorn.conf.py").read(), namespace)  # noqa: S102 - our own config file
    assert namespace["logger_class"] == "services.common.logs.GunicornLogger"


def test_request_metrics_count_each_request_and_bound_unknown_methods(tmp_path):
    from services.common.db import open_database

    app = build_app({"SERVICE_NAME": "metricstest", "LOG_LEVEL": "WARNING", "JWKS_URL": "http://127.0.0.1:1/jwks",
                     "ISSUER": "http://127.0.0.1:1"}, open_database(f"sqlite:///{tmp_path}/m.db"), "metrics test", [])
    client = app.test_client()
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    client.open("/healthz", method="BREW")

    def count(method, endpoint, status):
        return REGISTRY.get_sample_value("http_requests_total", {"service": "metricstest", "method": method,
                                                                 "endpoint": endpoint, "status": status}) or 0
    assert count("GET", "ops.healthz", "200") == 3
    assert count("OTHER", "unmatched", "405") == 1 and count("BREW", "unmatched", "405") == 0
