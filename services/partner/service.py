"""Partner use cases: one transaction each, emitting their events through the outbox."""
from services.common.db import get_or_not_found

from .models import KnownOrganization, db


def record_organization(organization_id, name, kind, currency):
    with db.atomic():
        KnownOrganization.insert(organization_id=organization_id, name=name, kind=kind,
                                 currency=currency).on_conflict_ignore().execute()


def get_organization(organization_id):
    return get_or_not_found(KnownOrganization, KnownOrganization.organization_id == organization_id,
                            detail="Partner knows no such organization.")


def organization_name(organization_id):
    """The name partner knows `organization_id` by, else its id."""
    known = KnownOrganization.get_or_none(KnownOrganization.organization_id == organization_id)
    return known.name if known else str(organization_id)
