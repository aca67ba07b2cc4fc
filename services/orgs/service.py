"""Orgs use cases: one transaction each, emitting their events through the outbox."""
from services.common.db import get_or_not_found

from . import domain
from .models import Membership, Organization, db, outbox


def create_organization(name, kind, currency, founder_id):
    """An organization with its founder as legal representative (ID3, OR2)."""
    with db.atomic():
        organization = Organization.create(name=name, kind=kind, currency=currency)
        Membership.create(organization=organization, account_id=founder_id, role=domain.founder_role())
        outbox.emit("orgs.organization.created", {
            "organization_id": organization.id, "name": name, "kind": kind, "currency": currency,
            "legal_representative_id": founder_id,
        })
    return organization


def get_organization(organization_id):
    return get_or_not_found(Organization, Organization.id == organization_id, detail="No such organization.")


def organizations_of(account_id):
    return list(Organization.select().join(Membership)
                .where(Membership.account_id == account_id).order_by(Organization.created_at))
