"""`python -m services.orgs migrate|worker|dead-letters|explain|audit`."""
import sys

from services.common.cli import main

from .cli import COMMANDS

sys.exit(main("orgs", COMMANDS))
