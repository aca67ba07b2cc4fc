"""`python -m services.billing migrate|worker|dead-letters|messages|run|runs|invoices|credit-note|reconciliation|...`."""
import sys

from services.common.cli import main, messages_command

from . import app, reconciliation, worker
from .cli import COMMANDS
from .models import messages
from .periodic import SCHEDULE

sys.exit(main("billing", app, worker.main, {**COMMANDS, "messages": messages_command(messages),
                                            "reconciliation": reconciliation.command}, schedule=SCHEDULE))
