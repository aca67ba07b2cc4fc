"""OR14 audit log: every change and every guarded write, allowed or denied."""
from services.common.db import insert_row

from .models import AuditEntry, db


def record(organization_id, actor_id, action, target=None, outcome="allowed", delegation_id=None, detail=None):
    """Write one entry; inside the caller's transaction when there is one. Every write of the
    access check lands here, so it is a prepared INSERT rather than a model save."""
    insert_row(AuditEntry, organization_id=organization_id, actor_id=actor_id, action=action,
               target=str(target) if target is not None else None, outcome=outcome,
               delegation_id=delegation_id, detail=detail)


def record_denial(organization_id, actor_id, action, target, detail, delegation_id=None):
    """A refused write rolls its own transaction back, so its entry is committed on its own."""
    with db.atomic():
        record(organization_id, actor_id, action, target, "denied", delegation_id, detail)


def filtered(query, actor=None, action=None, since=None, until=None, target=None, delegation=None):
    """`query` of audit entries narrowed by the filters given (the audit log's and the PX2 feed's)."""
    for column, value in ((AuditEntry.actor_id, actor), (AuditEntry.action, action), (AuditEntry.target, target),
                          (AuditEntry.delegation_id, delegation)):
        if value:
            query = query.where(column == value)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    return query


def entries(organization_id, actor=None, action=None, since=None, until=None, limit=50, offset=0, before=None,
            target=None):
    """Newest first (insertion order). Page with `before` = the previous page's `next_cursor`:
    stable while new entries arrive, unlike `offset`, which is kept for simple listings."""
    query = filtered(AuditEntry.select().where(AuditEntry.organization_id == organization_id),
                     actor=actor, action=action, since=since, until=until, target=target)
    total = query.count()
    if before is not None:
        query = query.where(AuditEntry.id < before)
    rows = list(query.order_by(AuditEntry.id.desc()).limit(limit + 1).offset(offset))
    items = rows[:limit]
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "next_cursor": items[-1].id if len(rows) > limit else None}
