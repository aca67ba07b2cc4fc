"""The worker process of a service: its consumer, plus the relay of its outbox in a thread
and, for a service that sends mail or SMS, the sender of its message outbox in another.

Each service's own `worker.main(config)` builds what its handlers need and calls run_worker."""
import logging
import threading

from prometheus_client import start_http_server

from .consumer import Consumer, stop_on_sigterm
from .relay import Relay
from .sender import Sender

log = logging.getLogger(__name__)


def run_worker(config, database, outbox, processed_model, handlers, payloads, schedule=None, messages=None):
    """Consume `handlers` ({event type: fn(data, envelope)}), their payloads loaded with `payloads`
    (the service's CONSUMED), until stopped, relaying the outbox, starting the scheduled runs of
    `schedule` (services.common.runs) when their period changes, and sending `messages` (a
    services.common.messages.Messages), when given."""
    if config["METRICS_PORT"]:
        start_http_server(config["METRICS_PORT"], addr="127.0.0.1")
    relay = Relay(config, database, outbox)
    threading.Thread(target=relay.run, name="relay", daemon=True).start()
    if schedule is not None:
        threading.Thread(target=schedule.run_forever, args=(config,), name="schedule", daemon=True).start()
    sender = Sender(config, database, messages) if messages is not None else None
    if sender is not None:
        threading.Thread(target=sender.run, name="sender", daemon=True).start()
    consumer = Consumer(config, database, processed_model, handlers, payloads)
    stop_on_sigterm(consumer)
    log.info("worker started", extra={"handles": sorted(handlers)})
    try:
        consumer.run()
    except KeyboardInterrupt:
        pass
    finally:
        relay.stop()
        if schedule is not None:
            schedule.stop()
        if sender is not None:
            sender.stop()
        consumer.stop()
