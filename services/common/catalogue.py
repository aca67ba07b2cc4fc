"""Generates docs/events.md, the event catalogue, from the marshmallow schemas in events.py.

`python -m services.common.catalogue > docs/events.md`; a test fails when the file
is out of date.
"""
from marshmallow import fields

from .events import CATALOGUE, EnvelopeSchema
from .topology import subscriptions

HEADER = """# Event catalogue

Generated from `services/common/events.py` by `python -m services.common.catalogue > docs/events.md`;
do not edit by hand (`tests/test_event_catalogue.py` fails when it is out of date).

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


def render():
    consumers = subscriptions()
    parts = [HEADER, _table(EnvelopeSchema()), "\n"]
    for event_type, (version, schema_class) in sorted(CATALOGUE.items()):
        by = sorted(name for name, types in consumers.items() if event_type in types)
        parts += [
            f"\n## `{event_type}` (version {version})\n",
            f"{(schema_class.__doc__ or '').strip()}\n",
            f"Producer: `{event_type.split('.')[0]}`. Consumers: {', '.join(f'`{c}`' for c in by) or 'none yet'}.\n",
            _table(schema_class()), "\n",
        ]
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
