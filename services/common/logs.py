"""JSON logs, one object a line, carrying the correlation id of the request or event."""
import json
import logging
import os
import sys
import time
from contextvars import ContextVar

from gunicorn import glogging

correlation_id = ContextVar("correlation_id", default=None)

_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def new_correlation_id():
    """32 random hex digits (as uuid4().hex, without building a UUID on every request)."""
    return os.urandom(16).hex()


class JsonFormatter(logging.Formatter):
    def __init__(self, service):
        super().__init__()
        self.service = service

    def format(self, record):
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
            "correlation_id": correlation_id.get(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _RESERVED})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def setup_logging(service, level="INFO"):
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("pika").setLevel(logging.WARNING)


class GunicornLogger(glogging.Logger):
    """Gunicorn's logger, building access-log lines only when the access log is on (ACCESS_LOG).

    With a logconfig_dict gunicorn formats every request's access atoms even when the access
    logger drops them: about 5 % of a small request's CPU (bench/README.md)."""

    def _compute_access_log_enabled(self):
        return bool(self.cfg.accesslog)
