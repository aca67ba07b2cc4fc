"""Support access (OR12): per content type, off by default, revocable, 7 days at most.

Expiry needs no job: a grant counts only while `now < granted_at + 7 days`, read on every ask.
"""
from services.common.i18n import N_
from services.common.errors import NotFound
from services.common.clock import utcnow

from . import audit, domain, guard
from .models import SupportGrant, db


def _content_type(content_type):
    if content_type not in domain.SUPPORT_CONTENT_TYPES:
        raise NotFound(N_("No such content type; use one of mail, drive, chat."))
    return content_type


def _status(organization_id, content_type, now):
    latest = (SupportGrant.select().where((SupportGrant.organization == organization_id)
                                          & (SupportGrant.content_type == content_type))
              .order_by(SupportGrant.granted_at.desc(), SupportGrant.id.desc()).first())
    active = latest is not None and domain.support_grant_active(latest.granted_at, latest.revoked_at, now)
    return {"content_type": content_type, "active": active,
            "granted_at": latest.granted_at if active else None,
            "expires_at": latest.granted_at + domain.SUPPORT_GRANT_LIFETIME if active else None,
            "granted_by": latest.granted_by if active else None}


def support_access(organization_id, actor_id):
    guard.member_only(organization_id, actor_id)
    now = utcnow()
    return [_status(organization_id, content_type, now) for content_type in domain.SUPPORT_CONTENT_TYPES]


def grant(organization_id, actor_id, content_type):
    """Granting again restarts the 7 days."""
    guard.authorize(organization_id, actor_id, "support.manage", content_type)
    _content_type(content_type)
    with db.atomic():
        now = utcnow()
        SupportGrant.update(revoked_at=now).where((SupportGrant.organization == organization_id)
                                                  & (SupportGrant.content_type == content_type)
                                                  & SupportGrant.revoked_at.is_null()).execute()
        SupportGrant.create(organization=organization_id, content_type=content_type, granted_by=actor_id,
                            granted_at=now)
        audit.record(organization_id, actor_id, "support.grant", content_type)
    return _status(organization_id, content_type, now)


def revoke(organization_id, actor_id, content_type):
    guard.authorize(organization_id, actor_id, "support.manage", content_type)
    _content_type(content_type)
    with db.atomic():
        SupportGrant.update(revoked_at=utcnow()).where((SupportGrant.organization == organization_id)
                                                       & (SupportGrant.content_type == content_type)
                                                       & SupportGrant.revoked_at.is_null()).execute()
        audit.record(organization_id, actor_id, "support.revoke", content_type)
