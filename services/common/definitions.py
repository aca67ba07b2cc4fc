"""Renders deploy/rabbitmq/definitions.json for the scale-out setup from the topology.

The same queues, arguments and bindings the services declare at start, as quorum
queues, plus one policy per service queue as a broker-side safety net: a message
redelivered `delivery-limit` times (a consumer that crashes on it again and again,
before our own retry logic can run) is dead-lettered to that service's parking queue.
`routes` is {service: [event types]}, the services' declarations, which `python -m
services.system` passes in when it regenerates the file; a test fails when it is out of date.
"""
import base64
import hashlib

from . import topology
from .config import load_config

DELIVERY_LIMIT = 20


def render(routes, prefix="pp", vhost="/"):
    config = load_config("definitions", AMQP_PREFIX=prefix, AMQP_QUEUE_TYPE="quorum",
                         RETRY_DELAYS_MS=[1000, 5000, 30000])
    recorder = _Recorder()
    for service, event_types in routes.items():
        topology.declare_service(recorder, config, service, event_types)
    policies = [{
        "vhost": vhost, "name": f"{topology.queue(config, service)}-poison",
        "pattern": f"^{topology.queue(config, service)}$".replace(".", r"\."), "apply-to": "queues",
        "priority": 1, "definition": {"delivery-limit": DELIVERY_LIMIT, "dead-letter-exchange": "",
                                      "dead-letter-routing-key": topology.dead_queue(config, service)},
    } for service in routes]
    for item in recorder.exchanges + recorder.queues + recorder.bindings:
        item["vhost"] = vhost
    return {"rabbit_version": "3.13.0", "users": [GUEST], "vhosts": [{"name": vhost}],
            "permissions": [{"user": "guest", "vhost": vhost, "configure": ".*", "write": ".*", "read": ".*"}],
            "exchanges": recorder.exchanges, "queues": recorder.queues, "bindings": recorder.bindings,
            "policies": policies}


def _guest_hash(password="guest", salt=b"pp01"):
    """RabbitMQ's salted SHA-256 password hash; a fixed salt keeps the file reproducible."""
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


# Loading definitions at boot skips RabbitMQ's default user, so declare it here. The
# compose setup is for trying the scale-out locally: a real cluster sets its own users.
GUEST = {"name": "guest", "password_hash": _guest_hash(), "hashing_algorithm": "rabbit_password_hashing_sha256",
         "tags": ["administrator"], "limits": {}}


class _Recorder:
    """Stands in for a pika channel and writes down what would be declared."""

    def __init__(self):
        self.exchanges, self.queues, self.bindings = [], [], []

    def exchange_declare(self, name, exchange_type, durable):
        if not any(e["name"] == name for e in self.exchanges):
            self.exchanges.append({"name": name, "type": exchange_type, "durable": durable,
                                   "auto_delete": False, "internal": False, "arguments": {}})

    def queue_declare(self, name, durable, arguments):
        self.queues.append({"name": name, "durable": durable, "auto_delete": False, "arguments": arguments})

    def queue_bind(self, queue, exchange, routing_key):
        self.bindings.append({"source": exchange, "destination": queue, "destination_type": "queue",
                              "routing_key": routing_key, "arguments": {}})

