"""PA4, for the partner service: find organizations by their legal representative's address, and
create a client organization for a partner, its legal representative invited (OR4's machinery).

OR7 stays sane: such an organization has no member at all until the invitation is accepted
(there is no "last" legal representative to protect, and nobody may act in it meanwhile but
through the access check, which finds no membership). Accepting makes the invited person its
legal representative (orgs.member.added); an unknown address signs up through the invitation
(identity, ID3) and joins it instead of getting an organization of its own.
"""
from services.common.clock import utcnow
from services.common.errors import NotFound
from services.common.i18n import N_

from . import audit, domain, invitations, logos
from .models import Invitation, Membership, Organization, db, outbox


def by_legal_representative_email(email):
    """Organizations whose internal legal representatives include this address (PA4, PA5)."""
    return logos.with_logos(
        Organization.select().join(Membership).where(
            (Membership.email == email.lower()) & (Membership.role == domain.LEGAL_REPRESENTATIVE)
            & (Membership.external == False))  # noqa: E712
        .order_by(Organization.created_at).distinct())


def create_client_organization(body, client_id, urls):
    """The organization at once, with a pending legal-representative invitation to the address."""
    partner_id = body["partner_organization_id"]
    if not Organization.select().where(Organization.id == partner_id).exists():
        raise NotFound(N_("No such partner organization."))
    person = body["legal_representative"]
    email = person["email"].lower()
    now = utcnow()
    with db.atomic():
        organization = Organization.create(name=body["name"], kind=body["kind"], currency=body["currency"])
        invitation = Invitation.create(
            organization=organization, email=email, role=domain.LEGAL_REPRESENTATIVE, invited_by=None,
            partner_organization_id=partner_id, first_name=person.get("first_name"),
            last_name=person.get("last_name"), language=person.get("language"),
            created_at=now, expires_at=domain.client_invitation_expiry(now))
        outbox.emit("orgs.organization.created", {
            "organization_id": organization.id, "name": organization.name, "kind": organization.kind,
            "currency": organization.currency, "legal_representative_id": None})
        audit.record(organization.id, None, "organization.create", organization.id,
                     detail=f"for partner {partner_id} by {client_id}; legal representative invited: {email}")
        audit.record(organization.id, None, "invitation.create", invitation.id, detail=email)
        invitations.send(invitation, organization, urls, partner=Organization.get_by_id(partner_id).name)
    return {"organization_id": organization.id, "invitation_id": invitation.id}
