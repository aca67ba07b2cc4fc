"""`python -m services.orgs migrate|worker|dead-letters`."""
import sys

from services.common.cli import main

sys.exit(main("orgs"))
