"""`python -m services.identity migrate|worker|dead-letters|mail|messages|run|runs|seed|rotate-key|cases|token|staff`."""
import sys

from services.common.cli import main, messages_command

from . import app, worker
from .cases_cli import cases_command
from .models import messages
from .oauth import keys
from .periodic import SCHEDULE
from .seed import seed
from .staff_cli import staff_command
from .token_cli import token_command


def rotate_key(config, args):
    """publish a new signing key (the old one stays published until it is retired)"""
    print(keys.rotate(config["VAR_DIR"]))


sys.exit(main("identity", app, worker.main, {"seed": seed, "rotate-key": rotate_key, "cases": cases_command,
                                             "token": token_command, "messages": messages_command(messages),
                                             "staff": staff_command},
         schedule=SCHEDULE))
