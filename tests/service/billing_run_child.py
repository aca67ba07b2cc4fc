"""`python -m tests.service.billing_run_child WHEN run NAME`: billing's operator CLI with the clock
pinned at WHEN (ISO) and the runs' stand-ins of billing_runs_support, for the crash tests
(FAILPOINTS in the environment kill it where they say; RUN_CHUNK sets a batch run's chunk size)."""
import dataclasses
import os
import sys
from datetime import datetime

from services.billing import app, run_context, worker
from services.billing.periodic import SCHEDULE
from services.common import clock
from services.common.cli import main

from .billing_runs_support import Orgs, Payments

clock.set(datetime.fromisoformat(sys.argv[1]))
if os.environ.get("RUN_CHUNK"):
    name = sys.argv[3]
    SCHEDULE.runs[name] = dataclasses.replace(SCHEDULE.runs[name], chunk=int(os.environ["RUN_CHUNK"]))
run_context.configure(app.make_config(), orgs_client=Orgs(), charge_invoice=Payments().charge_invoice)
sys.exit(main("billing", app, worker.main, argv=sys.argv[2:], schedule=SCHEDULE))
