"""`python -m services.partner migrate|worker|dead-letters`."""
import sys

from services.common.cli import main

from . import app, worker

sys.exit(main("partner", app, worker.main))
