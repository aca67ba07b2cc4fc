"""Renders docs/events.md, the event catalogue, from the producers' payload schemas.

`produced` ({type: (version, schema)}, every service's PRODUCED) and `routes` ({service:
[event types]}, the services' SUBSCRIPTIONS) are what `python -m services.system` passes in
when it regenerates the file; a test fails when it is out of date.
"""
from marshmallow import fields

from .events import EnvelopeSchema

HEADER = """# Event catalogue

Generated from each service's `events.py` (`PRODUCED`) and `SUBSCRIPTIONS` by
`python -m services.system`; do not edit by hand (`tests/test_generated_files.py` fails when
it is out of date). Each consumer reads an event with its own schema of the fields it uses
(`CONSUMED` in its `events.py`), checked against the producer's by `tests/test_event_contracts.py`.

Every event travels on the durable topic exchange `<prefix>.events` (prefix `pp` by
default) with the event type as routing key, inside this envelope:

"""


def _type_name(field):
    if isinstance(field, fields.Nested):
        return "object"
    if isinstance(field, fields.List):
        return f"list of {_type_name(field.inner)}"
    return {
        fields.UUID: "uuid", fields.Email: "email", fields.AwareDateTime: "date-time",
        fields.DateTime: "date-time", fields.Integer: "integer", fields.Dict: "object",
        fields.Boolean: "boolean", fields.Decimal: "decimal string",
    }.get(type(field), "string")


def _rows(schema, prefix=""):
    rows = []
    for name, field in schema.fields.items():
        allowed = ""
        validator = next((v for v in field.validators if hasattr(v, "choices")), None)
        if validator is not None:
            allowed = "one of " + ", ".join(f"`{c}`" for c in validator.choices)
        rows.append(f"| `{prefix}{name}` | {_type_name(field)} | {'yes' if field.required else 'no'} | {allowed} |")
        if isinstance(field, fields.Nested):
            rows += _rows(field.schema, prefix=f"{prefix}{name}.")
    return rows


def _table(schema):
    return "\n".join(["| field | type | required | values |", "|---|---|---|---|", *_rows(schema)])


def render(routes, produced):
    parts = [HEADER, _table(EnvelopeSchema()), "\n"]
    for event_type, (version, schema_class) in sorted(produced.items()):
        by = sorted(name for name, types in routes.items() if event_type in types)
        parts += [
            f"\n## `{event_type}` (version {version})\n",
            f"{(schema_class.__doc__ or '').strip()}\n",
            f"Producer: `{event_type.split('.')[0]}`. Consumers: {', '.join(f'`{c}`' for c in by) or 'none yet'}.\n",
            _table(schema_class()), "\n",
        ]
    return "\n".join(parts)

