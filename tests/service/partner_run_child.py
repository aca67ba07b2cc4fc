"""`python -m tests.service.partner_run_child WHEN run NAME`: partner's operator CLI with the clock
pinned at WHEN (ISO), for the crash tests (FAILPOINTS in the environment kill it where they
say; RUN_CHUNK sets a batch run's chunk size)."""
import dataclasses
import os
import sys
from datetime import datetime

from services.common import clock
from services.common.cli import main
from services.partner import affiliates, app, cashback, worker
from services.partner.periodic import SCHEDULE

clock.set(datetime.fromisoformat(sys.argv[1]))
if os.environ.get("RUN_CHUNK"):
    name = sys.argv[3]
    SCHEDULE.runs[name] = dataclasses.replace(SCHEDULE.runs[name], chunk=int(os.environ["RUN_CHUNK"]))
cashback.configure(app.make_config())
affiliates.configure(app.make_config())  # PA15: affiliate-payouts
sys.exit(main("partner", app, worker.main, argv=sys.argv[2:], schedule=SCHEDULE))
