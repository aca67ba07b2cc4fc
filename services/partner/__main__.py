"""`python -m services.partner migrate|worker|dead-letters|mail|messages|run|runs|applications`."""
import sys

from services.common.cli import main, messages_command

from . import app, worker
from .cli import COMMANDS
from .models import messages
from .periodic import SCHEDULE

sys.exit(main("partner", app, worker.main, {**COMMANDS, "messages": messages_command(messages)}, schedule=SCHEDULE))
