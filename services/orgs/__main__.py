"""`python -m services.orgs migrate|worker|dead-letters|mail|messages|explain|audit`."""
import sys

from services.common.cli import main, messages_command

from . import app, worker
from .cli import COMMANDS
from .models import messages

sys.exit(main("orgs", app, worker.main, {**COMMANDS, "messages": messages_command(messages)}))
