"""The worker process of a service: its consumer, plus the relay of its outbox in a thread.

Each service's own `worker.main(config)` builds what its handlers need and calls run_worker."""
import logging
import threading

from prometheus_client import start_http_server

from .consumer import Consumer, stop_on_sigterm
from .relay import Relay

log = logging.getLogger(__name__)


def run_worker(config, database, outbox, processed_model, handlers, payloads):
    """Consume `handlers` ({event type: fn(data, envelope)}), their payloads loaded with `payloads`
    (the service's CONSUMED), until stopped, relaying the outbox."""
    if config["METRICS_PORT"]:
        start_http_server(config["METRICS_PORT"], addr="127.0.0.1")
    relay = Relay(config, database, outbox)
    threading.Thread(target=relay.run, name="relay", daemon=True).start()
    consumer = Consumer(config, database, processed_model, handlers, payloads)
    stop_on_sigterm(consumer)
    log.info("worker started", extra={"handles": sorted(handlers)})
    try:
        consumer.run()
    except KeyboardInterrupt:
        pass
    finally:
        relay.stop()
        consumer.stop()
