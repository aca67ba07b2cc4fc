"""OR1 logos uploaded to orgs: replace, read, remove. OR10: only managers change them.

No event is emitted: no other service reads branding (billing and partner keep the name,
kind and currency only), and orgs has no organization-updated event for PATCH either. The
audit log (OR14) records every change; the portal reads logos from this API.
"""
import peewee

from services.common.clock import utcnow
from services.common.errors import Conflict, NotFound
from services.common.i18n import N_

from . import audit, guard, images
from .models import Organization, OrganizationLogo, db


def logo_path(organization_id, kind):
    """Where the API serves an uploaded logo: what OrganizationOut.branding names."""
    return f"/v1/organizations/{organization_id}/logos/{kind}"


def uploaded_kinds(organization_ids):
    """{organization_id: {kind, ...}} of the given organizations, in one query."""
    found = {}
    rows = (OrganizationLogo.select(OrganizationLogo.organization, OrganizationLogo.kind)
            .where(OrganizationLogo.organization.in_(list(organization_ids))))
    for row in rows:
        found.setdefault(str(row.organization_id), set()).add(row.kind)
    return found


def with_logos(organizations):
    """Sets `logo_kinds` on each organization (read by the branding of OrganizationOut)."""
    organizations = list(organizations)
    kinds = uploaded_kinds(o.id for o in organizations) if organizations else {}
    for organization in organizations:
        organization.logo_kinds = kinds.get(str(organization.id), set())
    return organizations


def _logo(organization_id, kind):
    logo = OrganizationLogo.get_or_none((OrganizationLogo.organization == organization_id)
                                        & (OrganizationLogo.kind == kind))
    if logo is None:
        raise NotFound(N_("This organization has no such logo."))
    return logo


def get_logo(organization_id, viewer_id, kind):
    """Any member, or partner user through a link, sees the logos (a stranger gets 404, like for
    the organization itself)."""
    guard.viewer(organization_id, viewer_id)
    return _logo(organization_id, kind)


def put_logo(organization_id, actor_id, kind, media_type, data):
    """OR1: replace the `kind` logo by this image, kept as PNG; OR10: managers only. A square
    logo replaces the initials, as a square logo URL does."""
    guard.authorize(organization_id, actor_id, "organization.update", organization_id)
    png, sha256 = images.logo_png(kind, media_type, data)
    with db.atomic():
        updated = (OrganizationLogo.update(png=png, sha256=sha256, updated_at=utcnow())
                   .where((OrganizationLogo.organization == organization_id) & (OrganizationLogo.kind == kind))
                   .execute())
        if not updated:
            try:
                with db.atomic():
                    OrganizationLogo.create(organization=organization_id, kind=kind, png=png, sha256=sha256)
            except peewee.IntegrityError:  # another upload of the same kind got there first
                raise Conflict(N_("The logo was changed at the same time; send it again.")) from None
        if kind == "square":
            Organization.update(initials=None).where(Organization.id == organization_id).execute()
        audit.record(organization_id, actor_id, "organization.logo.put", organization_id,
                     detail=f"{kind} logo, {len(png)} bytes PNG, sha256 {sha256}")
    return _logo(organization_id, kind)


def delete_logo(organization_id, actor_id, kind):
    """OR10: managers only; 404 when there is none."""
    guard.authorize(organization_id, actor_id, "organization.update", organization_id)
    with db.atomic():
        _logo(organization_id, kind).delete_instance()
        audit.record(organization_id, actor_id, "organization.logo.delete", organization_id, detail=f"{kind} logo")


def drop_square_logo(organization_id):
    """OR1: initials replace an uploaded square logo (inside the caller's transaction)."""
    return (OrganizationLogo.delete().where((OrganizationLogo.organization == organization_id)
                                            & (OrganizationLogo.kind == "square")).execute())
