"""Orgs use cases for organizations themselves: one transaction each, events through the outbox.

Members, invitations, teams, support access and the access check have their own modules.
"""
from services.common.db import get_or_not_found
from services.common.errors import RuleViolation
from services.common.i18n import N_

from . import accounts, audit, domain, guard, logos
from .models import Membership, Organization, db, outbox

BRANDING = ("square_logo_url", "initials", "rectangular_logo_url")


def create_organization(name, kind, currency, founder_id, email=None, **branding):
    """An organization with its founder as legal representative (ID3, OR2)."""
    with db.atomic():
        organization = Organization.create(name=name, kind=kind, currency=currency,
                                           **{k: branding.get(k) for k in BRANDING})
        membership = Membership.create(organization=organization, account_id=founder_id,
                                       role=domain.founder_role(),
                                       email=email.lower() if email else known_email(founder_id))
        outbox.emit("orgs.organization.created", {
            "organization_id": organization.id, "name": name, "kind": kind, "currency": currency,
            "legal_representative_id": founder_id,
        })
        audit.record(organization.id, founder_id, "organization.create", organization.id)
    organization.my_role = membership.role
    return organization


def known_email(account_id):
    """The address recorded for an account on any of its memberships (orgs has no accounts table)."""
    row = (Membership.select(Membership.email)
           .where((Membership.account_id == account_id) & Membership.email.is_null(False)).first())
    return row.email if row else None


def get_organization(organization_id, viewer_id=None):
    """Services see any organization; a person only one they belong to (else 404)."""
    if viewer_id is None:
        return get_or_not_found(Organization, Organization.id == organization_id, detail=guard.NO_SUCH_ORGANIZATION)
    membership, link = guard.viewer(organization_id, viewer_id)
    if membership is None:  # PA6: a partner user through a link sees the organization, not its members
        organization = Organization.get_by_id(organization_id)
        organization.my_role, organization.memberships, organization.via_link_id = None, [], link
        return organization
    organization = membership.organization
    organization.my_role = membership.role
    return organization


def contacts(organization_id):
    """The members services write to about an organization (billing's invoices, reminders and
    cancellations): address, language, role, billing rights and contact preferences (OR4)."""
    get_or_not_found(Organization, Organization.id == organization_id, detail=guard.NO_SUCH_ORGANIZATION)
    memberships = accounts.with_profiles(
        Membership.select().where((Membership.organization == organization_id) & Membership.email.is_null(False))
        .order_by(Membership.created_at))
    for membership in memberships:
        membership.language = membership.profile.language if membership.profile else None
    return memberships


def organizations_of(account_id):
    return logos.with_logos(Organization.select().join(Membership)
                            .where(Membership.account_id == account_id).order_by(Organization.created_at))


def my_organizations(account_id):
    """ID11: every organization of the account with its role there; switching is the client's."""
    memberships = (Membership.select(Membership, Organization).join(Organization)
                   .where(Membership.account_id == account_id).order_by(Organization.created_at))
    organizations = []
    for membership in memberships:
        organization = membership.organization
        organization.my_role, organization.my_external = membership.role, membership.external
        organizations.append(organization)
    return logos.with_logos(organizations)


def update_organization(organization_id, actor_id, changes):
    """OR1 details; OR10: collaborators cannot change them."""
    membership = guard.authorize(organization_id, actor_id, "organization.update", organization_id)
    # OR1: a square logo replaces the initials and the other way round.
    if changes.get("square_logo_url"):
        changes.setdefault("initials", None)
    if changes.get("initials"):
        changes.setdefault("square_logo_url", None)
    with db.atomic():
        organization = membership.organization
        for field, value in changes.items():
            setattr(organization, field, value)
        organization.save()
        if changes.get("initials"):
            logos.drop_square_logo(organization_id)  # OR1: initials or a square logo, not both
        audit.record(organization_id, actor_id, "organization.update", organization_id,
                     detail=", ".join(sorted(changes)))
    organization.my_role = membership.role
    return organization


def sole_legal_representations(account_id):
    """Organizations where this account is the only legal representative (asked before deleting it)."""
    mine = Membership.select(Membership.organization).where(
        (Membership.account_id == account_id) & (Membership.role == domain.LEGAL_REPRESENTATIVE))
    result = []
    for organization_id in {m.organization_id for m in mine}:
        roles = {m.account_id: m.role for m in Membership.select().where(Membership.organization == organization_id)}
        if domain.sole_legal_representative({str(k): v for k, v in roles.items()}, str(account_id)):
            result.append(organization_id)
    return sorted(result, key=str)


def delete_organization(organization_id, actor_id, billing):
    """OR13: only when billing says nothing is open; `billing` is a ServiceClient for billing
    with billing:read (unreachable: its Unavailable, a 503, and nothing is deleted)."""
    guard.authorize(organization_id, actor_id, "organization.delete", organization_id)
    answer = billing.get(f"/v1/billing-accounts/{organization_id}/deletion-check")
    if not answer.get("deletable"):
        blockers = answer.get("blockers") or []
        audit.record_denial(organization_id, actor_id, "organization.delete", organization_id,
                            "; ".join(b.get("detail", "") for b in blockers))
        # The page shows each blocker by its reason; the detail lists billing's own words.
        reasons = "; ".join(b.get("detail", b.get("reason", "")) for b in blockers)
        raise RuleViolation("OR13", N_("The organization cannot be deleted yet: %(blockers)s.") % {"blockers": reasons},
                            blockers=blockers)
    with db.atomic():
        Organization.delete().where(Organization.id == organization_id).execute()
        outbox.emit("orgs.organization.deleted", {"organization_id": organization_id, "deleted_by": actor_id})
        audit.record(organization_id, actor_id, "organization.delete", organization_id)
