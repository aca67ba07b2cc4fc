"""`python -m services.orgs migrate|worker|dead-letters|explain|audit`."""
import sys

from services.common.cli import main

from . import app, worker
from .cli import COMMANDS

sys.exit(main("orgs", app, worker.main, COMMANDS))
