"""`python -m services.billing migrate|worker|dead-letters`."""
import sys

from services.common.cli import main

from . import app, worker

sys.exit(main("billing", app, worker.main))
