"""The event consumer: manual acks after commit, deduplication, retries, dead letters.

A handler's effects and the processed-events row for the event commit in one
transaction, and the message is acked only after that commit: a crash before the ack
means the broker redelivers, and the processed-events row turns the copy into a no-op.
A failing handler is retried through delay queues with growing TTLs; after the last
attempt the event is parked on the service's dead-letter queue (see `deadletters`).
"""
import json
import logging
import signal
import time

import peewee
import pika
from marshmallow import ValidationError

from . import clock, topology
from .db import discard_connection, insert_row
from .events import EnvelopeSchema, load_payload
from .faults import crash_point, raise_point
from .logs import correlation_id
from .metrics import EVENTS_CONSUMED

log = logging.getLogger(__name__)

TRANSIENT = (peewee.OperationalError, peewee.InterfaceError)


class Consumer:
    def __init__(self, config, database, processed_model, handlers, payloads):
        """`handlers` {type: fn(data, envelope)}; `payloads` the service's CONSUMED {type: schema}."""
        unread = sorted(set(handlers) - set(payloads))
        if unread:
            raise ValueError(f"no payload schema for the handled event types {unread}")
        self.config = config
        self.service = config["SERVICE_NAME"]
        self.database = database
        self.processed = processed_model
        self.handlers = handlers
        self.payloads = payloads
        self.queue = topology.queue(config, self.service)
        self._stopping = False
        self._channel = None

    # -- the loop -----------------------------------------------------------------
    def run(self):
        """Consume until stopped; reconnect after broker failures, stop on a channel error."""
        pause = 0.5
        while not self._stopping:
            try:
                connection = pika.BlockingConnection(topology.connection_parameters(
                    self.config, name=f"{self.service}-consumer"))
            except pika.exceptions.AMQPConnectionError as exc:
                log.warning("consumer cannot reach the broker", extra={"error": repr(exc)})
                time.sleep(pause)
                pause = min(pause * 2, 10)
                continue
            pause = 0.5
            try:
                self._consume(connection)
            except pika.exceptions.ChannelClosedByBroker:
                log.exception("channel closed by the broker: a configuration error, stopping")
                raise
            except (pika.exceptions.AMQPConnectionError, pika.exceptions.StreamLostError) as exc:
                log.warning("consumer lost the broker", extra={"error": repr(exc)})
            finally:
                if connection.is_open:
                    connection.close()

    def _consume(self, connection):
        channel = connection.channel()
        topology.declare_service(channel, self.config, self.service, self.handlers)
        channel.basic_qos(prefetch_count=self.config["PREFETCH"])
        channel.confirm_delivery()  # retries and dead letters are published with confirms
        channel.basic_consume(self.queue, self._on_message)
        self._channel = channel
        log.info("consuming", extra={"queue": self.queue})
        channel.start_consuming()

    def stop(self):
        self._stopping = True
        if self._channel is not None and self._channel.is_open:
            self._channel.stop_consuming()

    # -- one message ----------------------------------------------------------------
    def _on_message(self, channel, method, properties, body):
        attempt = int((properties.headers or {}).get("x-attempt", 1))
        try:
            envelope = EnvelopeSchema().load(json.loads(body))
        except (ValueError, ValidationError) as exc:
            EVENTS_CONSUMED.labels("invalid", "dead").inc()
            self._park(channel, properties, body, attempt, f"invalid envelope: {exc}")
            return channel.basic_ack(method.delivery_tag)
        token = correlation_id.set(envelope["correlation_id"])
        try:
            outcome = self.apply(envelope)
            EVENTS_CONSUMED.labels(envelope["type"], outcome).inc()
            log.info("event %s", outcome, extra={"event_id": str(envelope["id"]), "event_type": envelope["type"],
                                                 "attempt": attempt})
        except TRANSIENT as exc:
            # The database is away: wait and let the broker redeliver; not the event's fault.
            log.warning("database unavailable; event requeued", extra={"error": repr(exc)})
            discard_connection(self.database)
            time.sleep(1)
            return channel.basic_nack(method.delivery_tag, requeue=True)
        except Exception as exc:  # noqa: BLE001 - any handler failure is retried, then parked
            EVENTS_CONSUMED.labels(envelope["type"], "failed").inc()
            log.warning("handler failed", exc_info=True, extra={"event_id": str(envelope["id"]),
                                                                  "event_type": envelope["type"],
                                                                  "attempt": attempt})
            self._retry_or_park(channel, properties, body, attempt, repr(exc))
        finally:
            correlation_id.reset(token)
        channel.basic_ack(method.delivery_tag)

    def apply(self, envelope):
        """Run the handler and record the event in one transaction; 'duplicate' if seen."""
        handler = self.handlers.get(envelope["type"])
        if handler is None:
            return "ignored"
        data = load_payload(self.payloads, envelope["type"], envelope["data"])
        self.database.connect(reuse_if_open=True)
        with self.database.atomic():
            try:
                with self.database.atomic():
                    # insert_row: on every event's path (bench/threshold_lag.py, bench/README.md)
                    insert_row(self.processed, event_id=envelope["id"], type=envelope["type"])
            except peewee.IntegrityError:
                log.info("duplicate event ignored", extra={"event_id": str(envelope["id"])})
                return "duplicate"
            raise_point(self.config, "handler.raise")
            handler(data, envelope)
            crash_point(self.config, "consumer.before_commit")
        return "applied"

    def _retry_or_park(self, channel, properties, body, attempt, error):
        delays = self.config["RETRY_DELAYS_MS"]
        if attempt <= len(delays):
            target = topology.retry_queue(self.config, self.service, delays[attempt - 1])
            headers = {**(properties.headers or {}), "x-attempt": attempt + 1, "x-last-error": error[:500]}
            channel.basic_publish("", target, body, _copy(properties, headers))
        else:
            self._park(channel, properties, body, attempt, error)

    def _park(self, channel, properties, body, attempt, error):
        headers = {
            **(properties.headers or {}),
            "x-attempt": attempt,
            "x-error": error[:2000],
            "x-failed-at": clock.now().isoformat(),
        }
        channel.basic_publish("", topology.dead_queue(self.config, self.service), body,
                              _copy(properties, headers))
        log.error("event parked on the dead-letter queue",
                  extra={"message_id": properties.message_id, "attempts": attempt, "error": error})


def _copy(properties, headers):
    return pika.BasicProperties(
        content_type=properties.content_type, delivery_mode=pika.DeliveryMode.Persistent,
        message_id=properties.message_id, type=properties.type,
        correlation_id=properties.correlation_id, app_id=properties.app_id, headers=headers,
    )


def stop_on_sigterm(consumer):
    def handler(signum, frame):
        consumer.stop()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, handler)
