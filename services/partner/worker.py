"""partner's worker process (`python -m services.partner worker`): the composition root of its
event handlers, as app.py is of its web app. Beside its consumer it relays its outbox, sends
the mail its use cases recorded (services.common.sender), starts its scheduled runs
(periodic.py) and sends the partners' webhooks (webhook_sender.py, PX6)."""
import threading

from services.common.client import ServiceClient
from services.common.worker import run_worker

from . import cashback, link_runs
from .app import ORGS_SCOPES, init_database, load_ratecard
from .events import CONSUMED
from .handlers import SUBSCRIPTIONS
from .models import ProcessedEvent, messages, outbox
from .periodic import SCHEDULE
from .webhook_sender import WebhookSender


def main(config):
    cashback.configure(config)  # PA11: exchange rates, rate card, failpoints
    orgs = ServiceClient(config, "orgs", ORGS_SCOPES)
    link_runs.configure(orgs)  # whom the links' runs mail
    load_ratecard(config, orgs)  # PA2/PA11: a bad rate card stops the worker too, naming the mistake
    database = init_database(config)
    webhooks = WebhookSender(config, database)  # PX6: beside the mail sender, a daemon thread
    threading.Thread(target=webhooks.run, name="webhooks", daemon=True).start()
    run_worker(config, database, outbox, ProcessedEvent, SUBSCRIPTIONS, CONSUMED, SCHEDULE, messages)
