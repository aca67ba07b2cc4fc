"""`python -m services.billing migrate|worker|dead-letters|invoices|credit-note`."""
import sys

from services.common.cli import main

from . import app, worker
from .cli import COMMANDS

sys.exit(main("billing", app, worker.main, COMMANDS))
