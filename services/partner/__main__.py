"""`python -m services.partner migrate|worker|dead-letters`."""
import sys

from services.common.cli import main

sys.exit(main("partner"))
