"""`python -m services.identity migrate|worker|dead-letters|seed|rotate-key`."""
import sys

from services.common.cli import main

from . import keys
from .seed import seed

sys.exit(main("identity", {"seed": seed, "rotate-key": lambda config, args: print(keys.rotate(config["VAR_DIR"]))}))
