"""`python -m services.billing migrate|worker|dead-letters`."""
import sys

from services.common.cli import main

sys.exit(main("billing"))
