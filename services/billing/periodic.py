"""Billing's scheduled runs (services/common/runs.py), started daily by its worker in this
order, or by `python -m services.billing run NAME [--at DATE]`. On a product's expiry day the
last automatic charge has been tried before the warranty renews, and the warranty before
`expiry` terminates what is left."""
from services.common.idempotency import purge_run
from services.common.runs import Run, Schedule

from . import dunning, expiries, held_orders, renewals
from .models import IdempotencyRecord, ScheduledRun

SCHEDULE = Schedule(ScheduledRun, [
    Run("auto-renewals", "day", renewals.due_for_charge, renewals.renew_automatically),
    Run("warranty-renewals", "day", renewals.due_under_warranty, renewals.renew_under_warranty,
        apply_many=renewals.renew_many_under_warranty),
    Run("expiry", "day", expiries.past_expiry, expiries.terminate_expired),
    Run("dunning", "day", dunning.overdue, dunning.dun),
    Run("expiry-warnings", "day", expiries.warnings_due, expiries.warn_before_expiry),
    held_orders.RUN,  # BI11: cancel-held-orders
    purge_run(IdempotencyRecord),  # Idempotency-Key answers past their 24 h
])
