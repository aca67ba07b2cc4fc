"""/healthz, /readyz and /metrics, on every service and the portal, in their OpenAPI documents."""
import flask_smorest
from flask import Response
from marshmallow import fields
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from .problems import problem
from .schema import Schema

WITHOUT_DATABASE = ("ops.healthz", "ops.metrics")  # answer while the database is down


class Health(Schema):
    status = fields.String(required=True, metadata={"enum": ["ok"]})


class Readiness(Schema):
    status = fields.String(required=True, metadata={"enum": ["ready"]})
    checks = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                         metadata={"description": "Each dependency: ok, or why it is unreachable"})


def ops_blueprint(probes):
    """`probes`: {dependency name: a function raising when it is unreachable}."""
    ops = flask_smorest.Blueprint("ops", __name__, description="Health, readiness and metrics")

    @ops.route("/healthz", methods=["GET"])
    @ops.response(200, Health)
    def healthz():
        """The process is up (nothing else is checked)."""
        return {"status": "ok"}

    @ops.route("/readyz", methods=["GET"])
    @ops.response(200, Readiness)
    @ops.alt_response(503, response="SERVICE_UNAVAILABLE", description="A dependency is unreachable")
    def readyz():
        """Every dependency is reachable; else a 503 problem naming them in `checks`."""
        checks = {name: _check(probe) for name, probe in probes.items()}
        if any(value != "ok" for value in checks.values()):
            return problem(503, "Not ready", "A dependency is unreachable.", "not-ready", checks=checks)
        return {"status": "ready", "checks": checks}

    @ops.route("/metrics", methods=["GET"])
    @ops.doc(responses={"200": {"description": "Prometheus text exposition",
                                "content": {"text/plain": {"schema": {"type": "string"}}}}})
    def metrics():
        """Prometheus metrics of this process."""
        return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)

    return ops


def _check(probe):
    try:
        probe()
        return "ok"
    except Exception as exc:  # noqa: BLE001 - report whatever is wrong
        return f"unreachable: {exc.__class__.__name__}"
