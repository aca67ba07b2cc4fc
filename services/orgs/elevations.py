"""PX3: just-in-time elevation. A partner user holding an active link on a client (by its role in
the partner, or by an assignment, PA7) asks for technical rights on one product for 1 to 8 hours
with a reason; the client's managers (`partner.manage`) approve or decline, or pre-approve
products (a request for one is approved at once). An approved elevation counts in the access
check until `expires_at` = approval + hours on the shared clock, and only while its link is
active and still held by the requester. Everything is audited: the request (made through the
link: `delegation_id` = the link), the decisions and pre-approvals (the client's own acts: the
link named in the entry's detail); mails go to the client's managers on a request and to the
requester on a decision.
"""
from datetime import timedelta

from services.common.clock import utcnow
from services.common.errors import Conflict, Forbidden, NotFound, RuleViolation
from services.common.i18n import N_

from . import access, accounts, audit, domain, guard, mails, service
from .models import Elevation, ElevationPreapproval, Membership, Organization, db, messages

STATUSES = ("pending", "approved", "declined", "expired")


def state(elevation, now):
    """An approved elevation past its expiry reads as expired; the row keeps 'approved'."""
    if elevation.status == "approved" and not domain.elevation_active("approved", elevation.expires_at, now):
        return "expired"
    return elevation.status


def _shown(elevation, now=None):
    elevation.state = state(elevation, now or utcnow())
    return elevation


def _held_link(organization_id, account_id, now):
    """The id of a link on the client the person holds now (role or assignment), else None."""
    for grant in access.delegations_of(account_id, organization_id):
        if (domain.delegation_active(grant["status"], grant["ends_at"], now)
                and domain.delegation_holder(grant) is not None):
            return grant["id"]
    return None


def request(organization_id, account_id, body):
    now = utcnow()
    link_id = _held_link(organization_id, account_id, now)
    if link_id is None:
        guard.member_only(organization_id, account_id)  # a stranger: 404
        raise Forbidden(N_("Only partner staff holding an active link to this organization can ask for an "
                           "elevation (PX3)."), rule="PA7")
    product_id = body["product_id"]
    if access.decide(account_id, "product.manage", organization_id, product_id)["decision"] == "allow":
        raise RuleViolation("PX3", N_("You already have technical rights on this product: nothing to elevate."))
    preapproved = ElevationPreapproval.select().where(
        (ElevationPreapproval.organization_id == organization_id)
        & (ElevationPreapproval.product_id == product_id)).exists()
    hours = body["hours"]
    with db.atomic():
        elevation = Elevation.create(
            client_organization_id=organization_id, link_id=link_id, account_id=account_id, product_id=product_id,
            hours=hours, reason=body["reason"], requested_at=now, preapproved=preapproved,
            status="approved" if preapproved else "pending", decided_at=now if preapproved else None,
            expires_at=now + timedelta(hours=hours) if preapproved else None)
        audit.record(organization_id, account_id, "elevation.request", elevation.id, delegation_id=link_id,
                     detail=f"technical rights on product {product_id} for {hours} h"
                            f"{' (pre-approved: approved at once)' if preapproved else ''}: {body['reason']}")
        _mail_managers(elevation, organization_id, account_id)
    return _shown(elevation, now)


def _mail_managers(elevation, organization_id, requester_id):
    organization = Organization.get_by_id(organization_id)
    requester = _name_of(requester_id)
    managers = Membership.select().where(
        (Membership.organization == organization_id) & Membership.role.in_(domain.MANAGERS)
        & (Membership.external == False) & Membership.email.is_null(False))  # noqa: E712
    for manager in managers:
        messages.mail(manager.email, *mails.elevation_requested(
            accounts.language_of(manager.account_id), organization.name, requester, elevation.product_id,
            elevation.hours, elevation.reason, elevation.expires_at if elevation.preapproved else None))


def _name_of(account_id):
    profile = accounts.profiles([account_id]).get(str(account_id))
    name = " ".join(p for p in (profile.first_name, profile.last_name) if p) if profile else ""
    email = service.known_email(account_id)
    return f"{name} <{email}>" if name and email else (name or email or str(account_id))


def _elevation(organization_id, elevation_id):
    elevation = Elevation.get_or_none((Elevation.id == elevation_id)
                                      & (Elevation.client_organization_id == organization_id))
    if elevation is None:
        raise NotFound(N_("No such elevation request."))
    return elevation


def decide(organization_id, actor_id, elevation_id, approve):
    """PX3: a client manager approves (the hours start now) or declines a pending request."""
    action = "elevation.approve" if approve else "elevation.decline"
    guard.authorize(organization_id, actor_id, "partner.manage", elevation_id)
    now = utcnow()
    with db.atomic():
        elevation = _elevation(organization_id, elevation_id)
        if elevation.status != "pending":
            raise Conflict(N_("This elevation request is already decided."))
        if approve and not _still_held(elevation, now):
            raise Conflict(N_("The partner link this request came through is no longer active."))
        elevation.status, elevation.decided_at, elevation.decided_by = (
            "approved" if approve else "declined", now, actor_id)
        if approve:
            elevation.expires_at = now + timedelta(hours=elevation.hours)
        elevation.save()
        audit.record(organization_id, actor_id, action, elevation.id,
                     detail=f"link {elevation.link_id}, product {elevation.product_id}, account {elevation.account_id}"
                            + (f", until {elevation.expires_at.isoformat()}" if approve else ""))
        email = service.known_email(elevation.account_id)
        if email:
            messages.mail(email, *mails.elevation_decided(
                accounts.language_of(elevation.account_id), Organization.get_by_id(organization_id).name,
                elevation.product_id, approve, elevation.expires_at))
    return _shown(elevation, now)


def _still_held(elevation, now):
    """The request's own link is still active and held by the requester (several links: any order)."""
    return any(str(g["id"]) == str(elevation.link_id) and domain.delegation_active(g["status"], g["ends_at"], now)
               and domain.delegation_holder(g) is not None
               for g in access.delegations_of(elevation.account_id, elevation.client_organization_id))


def _filtered(query, status, now):
    if status == "expired":
        return query.where((Elevation.status == "approved") & (Elevation.expires_at <= now))
    if status == "approved":
        return query.where((Elevation.status == "approved") & (Elevation.expires_at > now))
    if status:
        return query.where(Elevation.status == status)
    return query


def list_elevations(organization_id, account_id, status=None):
    """The client's managers see every request; a partner user reaching the client its own; others 404."""
    now = utcnow()
    query = Elevation.select().where(Elevation.client_organization_id == organization_id)
    if access.decide(account_id, "partner.manage", organization_id)["decision"] != "allow":
        guard.viewer(organization_id, account_id)  # 404 for whoever does not reach the organization
        query = query.where(Elevation.account_id == account_id)
    query = _filtered(query, status, now).order_by(Elevation.requested_at.desc(), Elevation.id)
    return [_shown(e, now) for e in query]


def my_elevations(account_id, status=None):
    """The partner user's own requests across clients, newest first."""
    now = utcnow()
    query = _filtered(Elevation.select().where(Elevation.account_id == account_id), status, now)
    return [_shown(e, now) for e in query.order_by(Elevation.requested_at.desc(), Elevation.id)]


def preapprovals(organization_id, actor_id):
    guard.authorize(organization_id, actor_id, "partner.manage")
    return {"product_ids": [row.product_id for row in ElevationPreapproval.select().where(
        ElevationPreapproval.organization_id == organization_id).order_by(ElevationPreapproval.set_at,
                                                                          ElevationPreapproval.id)]}


def set_preapprovals(organization_id, actor_id, product_ids):
    """PX3: the products on which a request is approved at once (the whole list replaced)."""
    guard.authorize(organization_id, actor_id, "partner.manage", organization_id)
    wanted = list(dict.fromkeys(str(p) for p in product_ids))
    with db.atomic():
        ElevationPreapproval.delete().where(ElevationPreapproval.organization_id == organization_id).execute()
        now = utcnow()
        for product_id in wanted:
            ElevationPreapproval.create(organization_id=organization_id, product_id=product_id, set_by=actor_id,
                                        set_at=now)
        audit.record(organization_id, actor_id, "elevation.preapprovals", organization_id,
                     detail=", ".join(wanted) or "none")
    return preapprovals(organization_id, actor_id)
