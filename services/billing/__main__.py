"""`python -m services.billing migrate|worker|dead-letters|mail|messages|run|runs`."""
import sys

from services.common.cli import main, messages_command

from . import app, worker
from .models import messages
from .periodic import SCHEDULE

sys.exit(main("billing", app, worker.main, {"messages": messages_command(messages)}, schedule=SCHEDULE))
