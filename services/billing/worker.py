"""billing's worker process (`python -m services.billing worker`): the composition root of its
event handlers, as app.py is of its web app. What a handler or a scheduled run comes to need
(orgs' client, the catalogue, the payments' charge) is built here from config, once per process."""
from services.common.worker import run_worker

from . import run_context
from .app import init_database, load_catalogue
from .events import CONSUMED
from .handlers import SUBSCRIPTIONS
from .models import ProcessedEvent, messages, outbox
from .periodic import SCHEDULE


def main(config):
    load_catalogue(config)  # a bad catalogue stops the worker too, saying why
    run_context.configure(config)
    run_worker(config, init_database(config), outbox, ProcessedEvent, SUBSCRIPTIONS, CONSUMED, SCHEDULE, messages)
