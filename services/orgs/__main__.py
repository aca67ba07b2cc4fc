"""`python -m services.orgs migrate|worker|dead-letters|run|runs|explain|audit`."""
import sys

from services.common.cli import main

from . import app, worker
from .cli import COMMANDS
from .periodic import SCHEDULE

sys.exit(main("orgs", app, worker.main, COMMANDS, schedule=SCHEDULE))
