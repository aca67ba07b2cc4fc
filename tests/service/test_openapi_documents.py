"""What the documents promise, checked directly (the fuzzing is in test_openapi_contract.py):
problems as application/problem+json, auth before the body, bounded inputs, zoned timestamps."""
import pytest

from services.orgs.models import Organization

from .orgs_support import orgs, people  # noqa: F401 - fixtures

INPUT_BOUNDS = ("maxLength", "enum", "format", "pattern")


def operations(path_item):
    return [(method, operation) for method, operation in path_item.items() if method != "parameters"]


def request_fields(spec):
    """(where, name, schema) of every parameter and request body property of the document."""
    schemas = spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for parameter in item.get("parameters", []):
            yield path, parameter["name"], parameter["schema"]
        for method, operation in operations(item):
            for parameter in operation.get("parameters", []):
                yield f"{method} {path}", parameter["name"], parameter["schema"]
            for media in operation.get("requestBody", {}).get("content", {}).values():
                stack = [media["schema"]]
                while stack:
                    schema = stack.pop()
                    schema = schemas[schema["$ref"].rsplit("/", 1)[-1]] if "$ref" in schema else schema
                    for name, prop in schema.get("properties", {}).items():
                        yield f"{method} {path}", name, prop
                        stack += [p for p in (prop, prop.get("items", {})) if "$ref" in p or "properties" in p]


def test_every_input_integer_and_string_is_bounded(orgs, identity):
    found = [field for app in (orgs, identity)
             for field in request_fields(app.test_client().get("/openapi.json").get_json())]
    assert len(found) > 50
    for where, name, schema in found:
        types = schema.get("type") if isinstance(schema.get("type"), list) else [schema.get("type")]
        if "integer" in types:
            assert "minimum" in schema and "maximum" in schema, (where, name, schema)
        if "string" in types:
            assert any(key in schema for key in INPUT_BOUNDS), (where, name, schema)


def test_errors_are_documented_as_problems_and_secured_operations_answer_401(orgs):
    spec = orgs.test_client().get("/openapi.json").get_json()
    assert spec["components"]["responses"]["UNAUTHORIZED"]["content"] == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, item in spec["paths"].items():
        for method, operation in operations(item):
            assert "default" not in operation["responses"], (method, path)
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert response["$ref"].startswith("#/components/responses/"), (method, path, status)
            if operation.get("security"):
                assert {"401", "403"} <= set(operation["responses"]), (method, path)
    timestamps = [p for s in spec["components"]["schemas"].values() for n, p in s.get("properties", {}).items()
                  if n.endswith("_at")]
    assert timestamps and all(p["format"] == "date-time" for p in timestamps)


@pytest.mark.parametrize("method, path, body", [
    ("post", "/v1/organizations", {"name": 42}),
    ("post", "/v1/organizations", None),
    ("get", "/v1/organizations?account_id=not-a-uuid", None),
    ("patch", "/v1/organizations/3f0c7c8e-2a7b-4d55-9d0e-0b8c6a1f2e33", {}),
    ("post", "/v1/access/check", {"subject": "nobody"}),
])
def test_a_request_without_a_token_is_a_401_before_its_body_or_query_is_read(orgs, method, path, body):
    response = orgs.test_client().open(path, method=method.upper(), json=body)
    assert response.status_code == 401 and response.mimetype == "application/problem+json", response.get_json()
    assert Organization.select().count() == 0


def test_an_audit_cursor_past_64_bits_is_a_422_not_a_500(people):
    anna = people("anna@example.ch")
    org = anna.create_org()
    for cursor in (2**63, 2**64, -1):
        response = anna.call("get", f"/v1/organizations/{org}/audit?before={cursor}")
        assert response.status_code == 422, (cursor, response.get_json())
    assert anna.call("get", f"/v1/organizations/{org}/audit?before={2**63 - 1}").status_code == 200


def test_dumped_timestamps_carry_their_zone(people):
    anna = people("anna@example.ch")
    anna.create_org()
    created = anna.call("get", "/v1/organizations/mine").get_json()[0]["created_at"]
    assert created.endswith("+00:00") or created.endswith("Z"), created
