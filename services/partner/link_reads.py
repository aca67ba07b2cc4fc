"""Reading links. The partner's managers (`partner.manage`) see all its links; its other
members only the clients assigned to them (PA7); the client's managers see the client's.
Lists are newest first, paged by a cursor that stays stable while links are added."""
from services.common import paging
from services.common.errors import NotFound

from .client_links import client_link
from .links import partner_link
from .models import Assignment, KnownOrganization, Link


def partner_links(access, account_id, partner_org, status=None, q=None, cursor=None, limit=50):
    query = Link.select().where(Link.partner_organization_id == partner_org)
    if not _manager(access, account_id, partner_org):
        query = query.where(Link.id.in_(_assigned(account_id)))
    if q:
        named = KnownOrganization.select(KnownOrganization.organization_id).where(KnownOrganization.name.contains(q))
        query = query.where(Link.client_organization_id.in_(named) | Link.invited_email.contains(q))
    return _page(query, status, cursor, limit)


def partner_link_for(access, account_id, partner_org, link_id):
    """One link of the partner: a manager's, or an assigned member's (else 404)."""
    manager = _manager(access, account_id, partner_org)
    link = partner_link(partner_org, link_id)
    if not manager and not Link.select().where(Link.id.in_(_assigned(account_id)) & (Link.id == link.id)).exists():
        raise NotFound("The partner has no such link.")
    return link


def client_links(access, account_id, client_org, status=None, cursor=None, limit=50):
    access.require(account_id, "partner.manage", client_org)
    return _page(Link.select().where(Link.client_organization_id == client_org), status, cursor, limit)


def client_link_for(access, account_id, client_org, link_id):
    access.require(account_id, "partner.manage", client_org)
    return client_link(client_org, link_id)


def _manager(access, account_id, partner_org):
    """True for the partner's managers; its other members get False; anyone else 404/403."""
    if access.check(account_id, "partner.manage", partner_org)["decision"] == "allow":
        return True
    access.require(account_id, "organization.read", partner_org)
    return False


def _assigned(account_id):
    return Assignment.select(Assignment.link).where((Assignment.account_id == account_id) & Assignment.active)


def _page(query, status, cursor, limit):
    if status:
        query = query.where(Link.status == status)
    return paging.page(query, Link.requested_at, Link.id, cursor, limit)
