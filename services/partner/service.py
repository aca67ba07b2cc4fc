"""Partner use cases: one transaction each, emitting their events through the outbox."""
from services.common.errors import NotFound

from .models import KnownOrganization, db


def record_organization(organization_id, name, kind, currency):
    with db.atomic():
        KnownOrganization.insert(organization_id=organization_id, name=name, kind=kind,
                                 currency=currency).on_conflict_ignore().execute()


def get_organization(organization_id):
    organization = KnownOrganization.get_or_none(KnownOrganization.organization_id == organization_id)
    if organization is None:
        raise NotFound("Partner knows no such organization.")
    return organization
