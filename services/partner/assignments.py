"""PA7: the partner's administrators and legal representatives (`partner.manage`) decide which
of their own members manage which client, optionally only some products; never more than
the link grants (a limited link's products only; orgs' access check intersects both).
Every change emits `partner.assignment.changed` with the assignment's whole state and version."""
from services.common.clock import utcnow
from services.common.contacts import contacts
from services.common.errors import Conflict, NotFound, RuleViolation

from . import link_rules
from .links import partner_link
from .models import Assignment, db, outbox

ASSIGNABLE = ("pending", "active")


def assignments_of(access, account_id, partner_org, link_id):
    access.require(account_id, "partner.manage", partner_org)
    link = partner_link(partner_org, link_id)
    return list(Assignment.select().where((Assignment.link == link.id) & Assignment.active)
                .order_by(Assignment.updated_at, Assignment.id))


def assign(access, orgs, account_id, partner_org, link_id, member_id, products):
    """PA7: `member_id`, an internal member of the partner, manages the link's client (`products`
    only, or None: all the link grants)."""
    access.require(account_id, "partner.manage", partner_org)
    partner_link(partner_org, link_id)
    if not any(str(c.get("account_id")) == str(member_id) and not c.get("external")
               for c in contacts(orgs, partner_org)):
        raise RuleViolation("PA7", "Only the partner's own members can be assigned to its clients.")
    products = sorted({str(p) for p in products}) if products is not None else None
    with db.atomic():
        link = partner_link(partner_org, link_id)
        if link.status not in ASSIGNABLE:
            raise RuleViolation("PA7", f"Staff can be assigned only to a pending or active link; this one is "
                                       f"{link.status}.")
        outside = link_rules.products_within(link, products)
        if outside:
            raise RuleViolation("PA7", "These products are not within the link's scope: " + ", ".join(outside) + ".")
        assignment = Assignment.get_or_none((Assignment.link == link.id) & (Assignment.account_id == member_id))
        if assignment is None:
            assignment = Assignment.create(link=link.id, partner_organization_id=partner_org,
                                           client_organization_id=link.client_organization_id,
                                           account_id=member_id, products=products, assigned_by=account_id)
        else:
            _update(assignment, products=products, active=True, assigned_by=account_id)
        _emit(assignment)
    return assignment


def unassign(access, account_id, partner_org, link_id, member_id):
    """PA7: the member no longer manages the link's client (access ends at once in orgs)."""
    access.require(account_id, "partner.manage", partner_org)
    with db.atomic():
        link = partner_link(partner_org, link_id)
        assignment = Assignment.get_or_none((Assignment.link == link.id) & (Assignment.account_id == member_id)
                                            & Assignment.active)
        if assignment is None:
            raise NotFound("This member is not assigned to the link's client.")
        _update(assignment, active=False, assigned_by=account_id)
        _emit(assignment)


def _update(assignment, **changes):
    done = Assignment.update(version=Assignment.version + 1, updated_at=utcnow(), **changes).where(
        (Assignment.id == assignment.id) & (Assignment.version == assignment.version)).execute()
    if not done:
        raise Conflict("The assignment changed meanwhile; try again.")
    for name, value in changes.items():
        setattr(assignment, name, value)
    assignment.version += 1


def _emit(assignment):
    outbox.emit("partner.assignment.changed", {
        "assignment_id": str(assignment.id), "version": assignment.version, "link_id": str(assignment.link_id),
        "partner_organization_id": str(assignment.partner_organization_id),
        "client_organization_id": str(assignment.client_organization_id), "account_id": str(assignment.account_id),
        "products": assignment.products, "active": assignment.active})
