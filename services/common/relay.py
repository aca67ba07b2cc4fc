"""The outbox relay: publishes outbox rows in batches with publisher confirms.

One batch is published without waiting; the broker's confirms (often one `multiple`
ack for many messages) come back asynchronously; when every message of the batch is
settled, the acked rows are marked published in one UPDATE and the next batch goes.
A crash anywhere before that UPDATE publishes the rows again on restart, and the
consumers' processed-events table turns the second copy into a no-op: never lost.
"""
import json
import logging
import threading

import peewee
import pika
from pika.spec import Basic

from . import topology
from .db import discard_connection
from .faults import crash_point
from .metrics import EVENTS_PUBLISHED

log = logging.getLogger(__name__)


class Relay:
    def __init__(self, config, database, outbox):
        self.config = config
        self.database = database
        self.outbox = outbox
        self.exchange = topology.exchange(config)
        self._stopping = threading.Event()
        self._connection = None
        self._channel = None
        self._reset_batch()

    def _reset_batch(self):
        self._tag = 0
        self._in_flight = {}  # delivery tag -> outbox seq
        self._acked = []

    # -- lifecycle ----------------------------------------------------------------
    def run(self):
        """Publish until stopped, reconnecting with a growing pause after broker failures."""
        pause = 0.5
        while not self._stopping.is_set():
            try:
                self._declare_topology()
                self._connection = pika.SelectConnection(
                    topology.connection_parameters(self.config, name=f"{self.config['SERVICE_NAME']}-relay"),
                    on_open_callback=self._on_open,
                    on_open_error_callback=self._on_open_error,
                    on_close_callback=self._on_closed,
                )
                self._connection.ioloop.start()
                pause = 0.5 if self._channel_ever_opened else min(pause * 2, 10)
            except pika.exceptions.AMQPError as exc:
                log.warning("relay cannot reach the broker", extra={"error": repr(exc)})
                pause = min(pause * 2, 10)
            self._stopping.wait(pause)

    def stop(self):
        self._stopping.set()
        connection = self._connection
        if connection is not None:
            connection.ioloop.add_callback_threadsafe(self._close)

    def _close(self):
        if self._connection and not (self._connection.is_closing or self._connection.is_closed):
            self._connection.close()

    def _declare_topology(self):
        self._channel_ever_opened = False
        connection = pika.BlockingConnection(topology.connection_parameters(self.config))
        try:
            topology.declare_all(connection.channel(), self.config, topology.routes())
        finally:
            connection.close()

    # -- connection callbacks -------------------------------------------------------
    def _on_open(self, connection):
        connection.channel(on_open_callback=self._on_channel_open)

    def _on_open_error(self, connection, error):
        log.warning("relay connection failed", extra={"error": repr(error)})
        connection.ioloop.stop()

    def _on_closed(self, connection, reason):
        if not self._stopping.is_set():
            log.warning("relay connection closed", extra={"reason": repr(reason)})
        self._channel = None
        self._reset_batch()  # unconfirmed rows stay unpublished: sent again next time
        connection.ioloop.stop()

    def _on_channel_open(self, channel):
        self._channel = channel
        self._channel_ever_opened = True
        self._reset_batch()
        channel.add_on_close_callback(self._on_channel_closed)
        channel.add_on_return_callback(self._on_return)
        channel.confirm_delivery(ack_nack_callback=self._on_confirm, callback=lambda _frame: self._tick())

    def _on_channel_closed(self, channel, reason):
        log.warning("relay channel closed", extra={"reason": repr(reason)})
        self._close()

    def _on_return(self, channel, method, properties, body):
        # Every consumer queue is declared before publishing, so this is an event type
        # nobody subscribes to: it stays recorded in the outbox, nothing else to do.
        log.info("event has no subscriber", extra={"event_type": method.routing_key})

    # -- publishing -------------------------------------------------------------------
    def _schedule(self, delay):
        if self._connection is not None and not self._stopping.is_set():
            self._connection.ioloop.call_later(delay, self._tick)

    def _tick(self):
        if self._channel is None or not self._channel.is_open or self._stopping.is_set():
            return
        try:
            self.database.connect(reuse_if_open=True)
            rows = self.outbox.pending(self.config["RELAY_BATCH"])
        except peewee.DatabaseError as exc:
            log.warning("relay cannot read the outbox", extra={"error": repr(exc)})
            discard_connection(self.database)
            return self._schedule(1.0)
        if not rows:
            return self._schedule(self.config["RELAY_POLL_SECONDS"])
        crash_point(self.config, "relay.before_publish")
        for row in rows:
            self._publish(row)

    def _publish(self, row):
        envelope = json.loads(row.envelope)
        properties = pika.BasicProperties(
            content_type="application/json",
            delivery_mode=pika.DeliveryMode.Persistent,
            message_id=envelope["id"],
            type=row.type,
            correlation_id=envelope.get("correlation_id"),
            app_id=envelope["producer"],
            headers={"x-attempt": 1},
        )
        self._tag += 1
        self._in_flight[self._tag] = row.seq
        self._channel.basic_publish(self.exchange, row.type, row.envelope, properties, mandatory=True)

    def _on_confirm(self, frame):
        method = frame.method
        if method.multiple:
            tags = [tag for tag in self._in_flight if tag <= method.delivery_tag]
        else:
            tags = [method.delivery_tag]
        seqs = [self._in_flight.pop(tag) for tag in tags if tag in self._in_flight]
        if isinstance(method, Basic.Ack):
            self._acked.extend(seqs)
        else:
            log.warning("broker refused events; they will be sent again", extra={"count": len(seqs)})
        if not self._in_flight:
            self._finish_batch()

    def _finish_batch(self):
        crash_point(self.config, "relay.after_publish")
        acked, self._acked = self._acked, []
        try:
            self.outbox.mark_published(acked)
            EVENTS_PUBLISHED.inc(len(acked))
        except peewee.DatabaseError as exc:
            # Published but not marked: they go out again and consumers drop the copies.
            log.warning("relay could not mark events published", extra={"error": repr(exc)})
            discard_connection(self.database)
        self._schedule(0)
