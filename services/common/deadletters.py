"""Operator access to a service's dead-letter queue: list, inspect, replay.

Listing reads the messages without acking them and then closes the channel, so the
broker puts every one of them back. Replaying sends a message back to the service's
own queue as a first attempt (with a publisher confirm) and only then removes it from
the dead-letter queue; the consumer's processed-events table keeps a replay of an
event that had in fact been applied from applying it twice.
"""
import json

import pika

from . import topology


def _describe(properties, body):
    headers = properties.headers or {}
    try:
        event_type = json.loads(body).get("type")
    except ValueError:
        event_type = None
    return {
        "message_id": properties.message_id,
        "type": event_type or properties.type,
        "attempts": headers.get("x-attempt"),
        "error": headers.get("x-error"),
        "failed_at": headers.get("x-failed-at"),
        "correlation_id": properties.correlation_id,
        "body": body.decode("utf-8", "replace"),
    }


def _drain(config, service, visit, limit=10000):
    """Get up to `limit` dead letters; `visit(channel, method, properties, body)` per message.

    Messages not acked by `visit` return to the queue when the channel closes.
    """
    connection = pika.BlockingConnection(topology.connection_parameters(config, name=f"{service}-dlq"))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        queue = topology.dead_queue(config, service)
        channel.queue_declare(queue, durable=True, arguments=topology.queue_arguments(config))
        for _ in range(limit):
            method, properties, body = channel.basic_get(queue, auto_ack=False)
            if method is None:
                break
            visit(channel, method, properties, body)
        channel.close()
    finally:
        if connection.is_open:
            connection.close()


def list_dead_letters(config, service):
    found = []
    _drain(config, service, lambda ch, m, p, b: found.append(_describe(p, b)))
    return found


def replay(config, service, message_ids=None):
    """Send dead letters (all, or those whose message id is given) back for one more try."""
    replayed = []

    def visit(channel, method, properties, body):
        if message_ids is not None and properties.message_id not in message_ids:
            return
        headers = {k: v for k, v in (properties.headers or {}).items() if not k.startswith("x-")}
        headers["x-attempt"] = 1
        headers["x-replayed"] = True
        channel.basic_publish(
            "", topology.queue(config, service), body,
            pika.BasicProperties(
                content_type=properties.content_type, delivery_mode=pika.DeliveryMode.Persistent,
                message_id=properties.message_id, type=properties.type,
                correlation_id=properties.correlation_id, app_id=properties.app_id, headers=headers,
            ),
        )
        channel.basic_ack(method.delivery_tag)
        replayed.append(properties.message_id)

    _drain(config, service, visit)
    return replayed
