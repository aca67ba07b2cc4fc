"""`python -m services.billing migrate|worker|dead-letters|reconciliation`."""
import sys

from services.common.cli import main

from . import app, reconciliation, worker

sys.exit(main("billing", app, worker.main, extra_commands={"reconciliation": reconciliation.command}))
