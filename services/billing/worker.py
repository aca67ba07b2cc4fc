"""billing's worker process (`python -m services.billing worker`): the composition root of its
event handlers, as app.py is of its web app. What a handler comes to need (mailer, clients,
the clock) is built here from config, once per process; none of today's needs anything."""
from services.common.runs import Schedule
from services.common.worker import run_worker

from . import held_orders
from .app import init_database, load_catalogue
from .events import CONSUMED
from .handlers import SUBSCRIPTIONS
from .models import ProcessedEvent, ScheduledRun, messages, outbox

# The scheduled runs (services.common.runs), each in its own module.
RUNS = [held_orders.RUN]
SCHEDULE = Schedule(ScheduledRun, RUNS)


def main(config):
    load_catalogue(config)  # a bad catalogue stops the worker too, saying why
    run_worker(config, init_database(config), outbox, ProcessedEvent, SUBSCRIPTIONS, CONSUMED, SCHEDULE, messages)
