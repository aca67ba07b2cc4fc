"""The system as a whole: the one module that knows every service, and that no code imports.

It reads what each service declares (`SUBSCRIPTIONS` in its handlers.py, `PRODUCED` in its
events.py) and regenerates the files made from those declarations: `python -m services.system` writes
- services/subscriptions.json: the routing table every relay declares before publishing
  (services/common reads it as data, so it never imports a service);
- docs/events.md: the event catalogue with each type's consumers;
- deploy/rabbitmq/definitions.json: the broker definitions of the scale-out setup.
`tests/test_generated_files.py` fails when any of them is out of date.
"""
import json
from importlib import import_module
from pathlib import Path

from services import SERVICES
from services.common import catalogue, definitions, topology

ROOT = Path(__file__).resolve().parents[1]


def subscriptions():
    """{service: sorted event types it consumes}, from the services' own declarations."""
    return {name: sorted(import_module(f"services.{name}.handlers").SUBSCRIPTIONS) for name in SERVICES}


def produced():
    """{event type: (version, payload schema)} of every service, from their own events.py."""
    return {event_type: declared for name in SERVICES
            for event_type, declared in import_module(f"services.{name}.events").PRODUCED.items()}


def generated_files():
    """{path: the text it must hold}."""
    routes = subscriptions()
    return {
        topology.ROUTES_FILE: json.dumps(routes, indent=2) + "\n",
        ROOT / "docs/events.md": catalogue.render(routes, produced()),
        ROOT / "deploy/rabbitmq/definitions.json": json.dumps(definitions.render(routes), indent=2) + "\n",
    }


if __name__ == "__main__":
    for path, text in generated_files().items():
        path.write_text(text)
        print(f"wrote {path.relative_to(ROOT)}")
