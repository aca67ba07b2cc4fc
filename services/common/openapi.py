"""What every service's /openapi.json says about errors, in one place.

Every error is an RFC 9457 problem (`problems.py`), so the document's error responses are
`application/problem+json` with the `Problem` schema, and each operation lists the errors
the shared pipeline can answer for it (`common_errors`), not flask-smorest's generic ones.
"""
import http

from apispec import BasePlugin
from marshmallow import INCLUDE, fields

from .schema import Schema

PROBLEM_JSON = "application/problem+json"
WRITES = {"post", "put", "patch", "delete"}


class Blocker(Schema):
    reason = fields.String(required=True, metadata={"description": "products, prepaid_balance or unpaid_invoices"})
    detail = fields.String(required=True)


class Problem(Schema):
    """An RFC 9457 problem document; a broken business rule names it in `rule`."""

    class Meta:
        unknown = INCLUDE  # extensions beyond the ones listed (checks, blockers...) may appear

    type = fields.String(required=True, metadata={"description": "A URI reference; about:blank for plain HTTP errors"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    instance = fields.String(allow_none=True, required=True, metadata={"description": "The request's path"})
    rule = fields.String(metadata={"description": "The business rule that refused, e.g. OR7 (DOMAIN.md)"})
    errors = fields.Raw(metadata={"description": "Validation errors by field (422)", "type": "object"})
    required_scope = fields.String(metadata={"description": "The scope the token lacks (403)"})
    blockers = fields.List(fields.Nested(Blocker), metadata={
        "description": "OR13: what keeps the organization from being deleted, as billing names it (422)"})


def common_errors(path, method, operation, database=True):
    """The statuses the shared pipeline (auth, body loading, routing, database) can answer here."""
    has_body = "requestBody" in operation
    query = any(p.get("in") == "query" for p in operation.get("parameters", []))
    # The database (or a service asked on the way) is unreachable; ops endpoints say so themselves.
    statuses = {503} if database and operation.get("tags") != ["ops"] else set()
    if has_body:
        statuses |= {400, 413}  # malformed JSON; a body over MAX_BODY_BYTES
    if method in ("post", "put", "patch"):
        statuses.add(415)  # a body that is not JSON
    if operation.get("security"):
        statuses |= {401, 403, 404}  # service endpoints are 404 to a person's token
    if "{" in path:
        statuses.add(404)
    if has_body or query or method in WRITES:
        statuses.add(422)  # validation, or a business rule
    if method in WRITES:
        statuses.add(409)
    return statuses


class ProblemsPlugin(BasePlugin):
    """Adds each operation's common error responses (components registered by ProblemApi)."""

    def __init__(self, database=True):
        self.database = database
        self.spec = None

    def init_spec(self, spec):
        self.spec = spec

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            if _describes_its_own_errors(operation):
                continue
            if method == "patch":
                self._names_a_field(operation)
            responses = operation.setdefault("responses", {})
            responses.pop("default", None)
            for status in sorted(common_errors(path, method, operation, self.database)):
                responses.setdefault(str(status), http.HTTPStatus(status).name)
            for status, response in list(responses.items()):
                if int(status) >= 400 and not isinstance(response, str):
                    responses[status] = http.HTTPStatus(int(status)).name  # e.g. flask-smorest's 422


    def _names_a_field(self, operation):
        """load_json_body refuses a PATCH without a field: its body schema says so."""
        for media in operation.get("requestBody", {}).get("content", {}).values():
            ref = media.get("schema", {})
            name = ref.get("$ref", "").rsplit("/", 1)[-1] if isinstance(ref, dict) else ref
            if name in self.spec.components.schemas:
                self.spec.components.schemas[name]["minProperties"] = 1


def _describes_its_own_errors(operation):
    """An operation written by hand that states its errors' content (identity's OAuth2 endpoints
    answer RFC 6749 JSON, its pages HTML) keeps them as written: they are not problems."""
    return any(isinstance(response, dict) and set(response.get("content", {})) - {PROBLEM_JSON}
               for status, response in operation.get("responses", {}).items() if int(status) >= 400)


def register_problem_responses(spec):
    """One response component per HTTP error status, each a problem document."""
    spec.components.schema("Problem", schema=Problem)
    for status in http.HTTPStatus:
        if status >= 400:
            spec.components.response(status.name, {
                "description": status.phrase,
                "content": {PROBLEM_JSON: {"schema": Problem}}}, lazy=True)


def openapi_config(title, description):
    """flask-smorest's settings: OpenAPI 3.1 at /openapi.json, bearer tokens."""
    return {
        "API_TITLE": title,
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_SPEC_OPTIONS": {
            "info": {"description": description},
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        },
    }
