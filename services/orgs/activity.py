"""PX2: the client's live activity feed of what partner staff did in it: the audit entries made
through a link (`delegation_id` set, an actor named), with the actor's name and address and the
partner's name, filterable by link, actor, action and time, paged newest first, or as CSV
streamed page by page (constant memory whatever the length). For the client's administrators
and legal representatives (`partner.manage`); anyone else in the organization 403, a stranger 404.
"""
from services.common.csvtext import Chunks

from . import accounts, audit, guard
from .models import AuditEntry, DelegatedGrant, Membership, Organization, db

COLUMNS = ("at", "actor_id", "actor_name", "actor_email", "partner_organization_id", "partner_name", "link_id",
           "action", "target", "outcome")
CSV_PAGE = 500


def authorize(organization_id, account_id):
    guard.authorize(organization_id, account_id, "partner.manage")


def _query(organization_id, link_id=None, actor_id=None, action=None, since=None, until=None):
    query = AuditEntry.select().where((AuditEntry.organization_id == organization_id)
                                      & AuditEntry.delegation_id.is_null(False) & AuditEntry.actor_id.is_null(False))
    return audit.filtered(query, actor=actor_id, action=action, since=since, until=until, delegation=link_id)


def _rows(organization_id, filters, cursor, limit):
    query = _query(organization_id, **filters)
    if cursor is not None:
        query = query.where(AuditEntry.id < cursor)
    rows = list(query.order_by(AuditEntry.id.desc()).limit(limit + 1))
    return rows[:limit], (rows[limit - 1].id if len(rows) > limit else None)


def _described(entries):
    """The entries as the feed shows them, names looked up once per page."""
    links = {str(e.delegation_id) for e in entries}
    partners = {str(g.id): str(g.partner_organization_id) for g in DelegatedGrant.select(
        DelegatedGrant.id, DelegatedGrant.partner_organization_id).where(DelegatedGrant.id.in_(list(links)))} \
        if links else {}
    names = {str(o.id): o.name for o in Organization.select(Organization.id, Organization.name).where(
        Organization.id.in_(list(set(partners.values()))))} if partners else {}
    actors = {str(e.actor_id) for e in entries}
    profiles = accounts.profiles(actors)
    emails = {}
    if actors:
        for member in Membership.select(Membership.account_id, Membership.email, Membership.organization).where(
                Membership.account_id.in_(list(actors)) & Membership.email.is_null(False)):
            key = str(member.account_id)
            # the address recorded in the partner organization wins over any other
            if key not in emails or str(member.organization_id) in partners.values():
                emails[key] = member.email
    described = []
    for entry in entries:
        actor, link = str(entry.actor_id), str(entry.delegation_id)
        profile = profiles.get(actor)
        name = " ".join(p for p in (profile.first_name, profile.last_name) if p) if profile else ""
        partner = partners.get(link)
        described.append({"id": entry.id, "at": entry.at, "actor_id": entry.actor_id, "actor_name": name or None,
                          "actor_email": emails.get(actor), "partner_organization_id": partner,
                          "partner_name": names.get(partner), "link_id": entry.delegation_id,
                          "action": entry.action, "target": entry.target, "outcome": entry.outcome})
    return described


def feed(organization_id, account_id, filters, cursor=None, limit=50):
    """One page, newest first; `next_cursor` leads to the older entries (stable while new ones arrive)."""
    authorize(organization_id, account_id)
    entries, next_cursor = _rows(organization_id, filters, cursor, limit)
    return {"items": _described(entries), "next_cursor": next_cursor}


def csv_lines(organization_id, filters):
    """The whole feed as CSV text chunks, one page of entries at a time (authorize first)."""
    chunks = Chunks()
    chunks.row(COLUMNS)
    yield chunks.take()
    cursor = None
    while True:
        db.connect(reuse_if_open=True)
        entries, cursor = _rows(organization_id, filters, cursor, CSV_PAGE)
        for row in _described(entries):
            chunks.row([row[column] for column in COLUMNS])
        yield chunks.take()
        if cursor is None:
            return
