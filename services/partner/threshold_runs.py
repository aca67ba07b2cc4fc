"""PA2's scheduled runs (services/common/runs.py), on the shared clock:

`threshold-grace` (daily): a partner whose 90 days of grace ended while its volume is still
below the threshold becomes `lapsed` (no more benefits), with its event and mail. Reads
already count a grace past its end as lapsed (threshold.effective_status); the run makes it so.

`threshold-reevaluation` (monthly): every partner's managed volume recomputed from scratch
(ProductFact and the link states, volume.expected) and compared with the incremental figure.
A difference is logged, corrected (rows and figure) and counted in the metric
`partner_threshold_corrections_total`; then the status is settled as after any change, so a
rate card of a new version is published once here too.

Each `apply` asks orgs whom to mail before its transaction, then re-checks in it, so a repeated
or taken-over run changes nothing twice."""
import logging

from services.common.metrics import THRESHOLD_CORRECTIONS
from services.common.runs import Run

from . import threshold, volume
from .models import ManagedLink, Partner, Standing, VolumeContribution, db

log = logging.getLogger(__name__)


def graces_ended(now):
    return [row.partner_organization_id for row in Standing.select(Standing.partner_organization_id).where(
        (Standing.status == "grace") & (Standing.grace_ends_at <= now)).order_by(Standing.grace_ends_at)]


def end_grace(partner_id, now):
    """True when the partner's grace ended here (lapsed, or back above meanwhile: settled)."""
    standing = Standing.get_or_none(Standing.partner_organization_id == partner_id)
    if standing is None or not threshold.due(standing, now):
        return False
    people = threshold.people_of(partner_id)
    with db.atomic():
        return threshold.settle(partner_id, now, people)


def partners(now):
    """Every partner that has, or could have, a managed volume."""
    ids = {str(row.organization_id) for row in Partner.select(Partner.organization_id)}
    ids |= {str(row.partner_organization_id) for row in Standing.select(Standing.partner_organization_id)}
    ids |= {str(row.partner_organization_id) for row in
            ManagedLink.select(ManagedLink.partner_organization_id).distinct()}
    ids |= {str(row.partner_organization_id) for row in
            VolumeContribution.select(VolumeContribution.partner_organization_id).distinct()}
    return sorted(ids)


def reevaluate(partner_id, now):
    """Recompute one partner's volume, correct a difference, settle its status. True when changed."""
    with db.atomic():
        before, right = volume.correct(partner_id)
        if before != right:
            THRESHOLD_CORRECTIONS.inc()
            log.warning("threshold volume corrected", extra={
                "partner_organization_id": str(partner_id), "incremental_minor": before, "expected_minor": right,
                "difference_minor": right - before})
        Standing.update(evaluated_at=now).where(Standing.partner_organization_id == partner_id).execute()
        standing = Standing.get(Standing.partner_organization_id == partner_id)
        settle_due = threshold.due(standing, now)
    if settle_due:
        people = threshold.people_of(partner_id)
        with db.atomic():
            threshold.settle(partner_id, now, people)
    return before != right or settle_due


RUNS = [Run("threshold-grace", "day", graces_ended, end_grace),
        Run("threshold-reevaluation", "month", partners, reevaluate)]
