"""Gunicorn settings shared by every web process (bin/start's Procfile and the
Docker image). The bind address is given on the command line."""
import os

# Sync workers, one thread each: the request handlers are plain blocking code.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
threads = 1

# Load the app in each worker after the fork, so no database or broker
# connection is ever shared between processes.
preload_app = False

timeout = 30  # a worker silent for this long is killed and replaced
graceful_timeout = 10  # on SIGTERM, time given to finish in-flight requests
max_requests = 0  # workers are never recycled on a request count

# limit_request_line / limit_request_fields / limit_request_field_size:
# gunicorn's defaults (4094 bytes, 100 fields, 8190 bytes).

# Errors go to stderr; the access log is off unless ACCESS_LOG is set
# (e.g. ACCESS_LOG=- for stdout).
errorlog = "-"
accesslog = os.environ.get("ACCESS_LOG") or None
logger_class = "services.common.logs.GunicornLogger"  # no access-log work unless ACCESS_LOG is set
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Gunicorn >= 27 opens a control socket at ~/.gunicorn/gunicorn.ctl; every
# master on the machine would fight over that one path. Not used: off.
control_socket_disable = True

# Gunicorn's own lines (start, stop, worker timeouts) in the same JSON shape as
# the application's logs (services/common/logs.py), so one parser reads both.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "services.common.logs.JsonFormatter",
                            "service": os.environ.get("SERVICE_NAME", "gunicorn")}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                            "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(), "propagate": False},
        # With a logconfig_dict gunicorn always logs access: keep it quiet unless ACCESS_LOG is set.
        "gunicorn.access": {"handlers": ["stderr"], "level": "INFO" if accesslog else "WARNING",
                            "propagate": False},
    },
}
