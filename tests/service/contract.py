"""Runs schemathesis over one app's /openapi.json in-process and returns what failed.

Generic over the document: every operation it lists is fuzzed with every check, so an
endpoint added tomorrow is covered the day it appears. Bounded and reproducible: a fixed
seed, deterministic generation, a few examples per operation (see EXAMPLES).
"""
import schemathesis
from schemathesis.engine import Status, events, from_schema
from schemathesis.transport.wsgi import WSGITransport

_send = WSGITransport.send


def _send_in_process(self, case, *, session=None, **kwargs):
    # schemathesis 4.32 hands requests-only options to werkzeug's client when no requests.Session
    # is given (a TypeError); in-process they mean nothing.
    for name in ("max_redirects", "verify", "cert", "proxies"):
        kwargs.pop(name, None)
    return _send(self, case, session=session, **kwargs)


WSGITransport.send = _send_in_process

EXAMPLES = 12  # per operation and phase: ~1-2 minutes for all five apps on 2 cores
SEED = 7
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "response_headers_conformance", "positive_data_acceptance",
          "negative_data_rejection", "use_after_free", "ensure_resource_availability", "missing_required_header",
          "ignored_auth", "unsupported_method", "allow_header_conformance")
# Every check schemathesis has except max_response_time, which needs a latency budget of its own.


def run(app, token, parameters=None, exclusions=()):
    """Failures of every check on every operation, as readable lines (`token` None: anonymous).

    `parameters`: values for named parameters ({"path.organization_id": id}) so seeded rows are hit.
    `exclusions`: (method, path, check) to switch off, each with its rule where it is declared."""
    config = {
        "seed": SEED,
        "cache": {"enabled": False},  # no state carried from one run to the next: the same run every time
        "headers": {"Authorization": f"Bearer {token}"} if token else {},
        "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
        "checks": {name: {"enabled": True} for name in CHECKS},
        "phases": {"stateful": {"enabled": False}},
        "parameters": parameters or {},
        "operations": [{"include-method": method.upper(), "include-path": path, "checks": {check: {"enabled": False}}}
                       for method, path, check in exclusions],
        "warnings": False,
    }
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app,
                                            config=schemathesis.config.SchemathesisConfig.from_dict(config))
    failures = []
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for case_id, checks in event.recorder.checks.items():
                for check in checks:
                    if check.status == Status.FAILURE:
                        case = event.recorder.cases[case_id].value
                        failures.append(f"{event.recorder.label} [{check.name}] {check.failure_info.failure.title}: "
                                        f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}")
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            failures.append(f"error: {getattr(event, 'label', '')} {getattr(event, 'value', None) or event.exception!r}")
    return sorted(set(failures))
