"""Partner's scheduled runs (services/common/runs.py), started daily by its worker in this
order, or by `python -m services.partner run NAME [--at DATE]`. The links' runs (request
expiry, PX1's warnings, extensions and ends) join this list."""
from services.common.idempotency import purge_run
from services.common.runs import Schedule

from . import affiliate_runs, cashback_runs, link_runs, tenders, threshold_runs
from .models import IdempotencyRecord, ScheduledRun

SCHEDULE = Schedule(ScheduledRun, [
    *link_runs.RUNS,  # PA4: expire-link-requests; PX1: link-ends (warnings, extensions, ends)
    *threshold_runs.RUNS,  # PA2: threshold-grace (daily), threshold-reevaluation (monthly)
    cashback_runs.RUN,  # PA11: cashback-statements, monthly
    *tenders.RUNS,  # PA13: tender-deadlines (daily), tender-limits-purge (daily)
    affiliate_runs.RUN,  # PA15: affiliate-payouts, monthly
    purge_run(IdempotencyRecord),  # Idempotency-Key answers past their 24 h
])
