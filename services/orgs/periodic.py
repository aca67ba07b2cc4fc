"""Orgs' scheduled runs (services/common/runs.py), started daily by its worker or by
`python -m services.orgs run NAME [--at DATE]`."""
from services.common.idempotency import purge_run
from services.common.runs import Run, Schedule

from .models import IdempotencyRecord, Invitation, ScheduledRun, db, outbox


def invitations_past_expiry(now):
    return [row.id for row in Invitation.select(Invitation.id).where(
        (Invitation.status == "pending") & (Invitation.expires_at <= now)).order_by(Invitation.expires_at)]


def expire_invitation(invitation_id, now):
    """OR4: a pending invitation past its expiry becomes `expired`, announced once; the
    condition on the status makes a redo (a second runner, a restart) change nothing."""
    with db.atomic():
        marked = Invitation.update(status="expired").where(
            (Invitation.id == invitation_id) & (Invitation.status == "pending") & (Invitation.expires_at <= now)).execute()
        if marked:
            invitation = Invitation.get_by_id(invitation_id)
            outbox.emit("orgs.invitation.expired", {
                "invitation_id": invitation.id, "organization_id": invitation.organization_id,
                "email": invitation.email, "expires_at": invitation.expires_at})
    return marked == 1


SCHEDULE = Schedule(ScheduledRun, [Run("expire-invitations", "day", invitations_past_expiry, expire_invitation),
                                   purge_run(IdempotencyRecord)])  # Idempotency-Key answers past their 24 h
