"""The links' daily runs (services/common/runs.py), on the shared clock:

`expire-link-requests` (PA4): a request still pending 30 days after its last (re)send expires.
`link-ends` (PX1): both sides' legal representatives are warned 30, 7 and 1 days before a
link's end (a LinkWarning row per link, end and day count, written with the mails and the
event partner.link.ending: once each); at the end the link is extended by 180 days when it extends automatically
(partner.link.extended), else it ends (partner.link.ended, both sides mailed). Access stops
at the stored end anyway (orgs compares it), so a late run gives nothing away.

Each `apply(item, now)` asks orgs whom to mail first, then re-checks the link in its
transaction, so a repeated or taken-over run changes nothing twice."""
from datetime import timedelta

import peewee

from services.common.contacts import legal_representatives
from services.common.runs import Run

from . import link_mails, link_rules, service
from .link_events import changed
from .models import Link, LinkWarning, db, outbox

_orgs = None


def configure(orgs_client):
    """The worker's (or a test's) client for orgs, asked whom to mail."""
    global _orgs
    _orgs = orgs_client


def _orgs_client():
    global _orgs
    if _orgs is None:  # the operator CLI: built from the environment the first time a run asks
        from services.common.client import ServiceClient

        from .app import ORGS_SCOPES, make_config
        _orgs = ServiceClient(make_config(), "orgs", ORGS_SCOPES)
    return _orgs


def expired_requests(now):
    return [row.id for row in Link.select(Link.id).where(
        (Link.status == "pending") & (Link.request_expires_at <= now)).order_by(Link.request_expires_at, Link.id)]


def expire_request(link_id, now):
    with db.atomic():
        link = Link.get_or_none(Link.id == link_id)
        if link is None or link.status != "pending" or link.request_expires_at > now:
            return False
        changed(link, "expired", None, "system", status="expired", closed_side="system", closed_at=now)
    return True


def ending_links(now):
    horizon = now + timedelta(days=max(link_rules.WARNING_DAYS))
    return [row.id for row in Link.select(Link.id).where(
        (Link.status == "active") & Link.ends_at.is_null(False) & (Link.ends_at <= horizon))
        .order_by(Link.ends_at, Link.id)]


def handle_end(link_id, now):
    """Warn, extend or end one link; True when it changed something."""
    link = Link.get_or_none(Link.id == link_id)
    if link is None or link.status != "active" or link.ends_at is None:
        return False
    if link.ends_at <= now and link.auto_extend:
        return _extend(link.id, link.ends_at, now)
    days = None if link.ends_at <= now else link_rules.warning_due(link.ends_at, now)
    if link.ends_at > now and (days is None or _warned(link, days)):
        return False
    people = _both_sides(link)
    with db.atomic():
        link = Link.get_or_none((Link.id == link_id) & (Link.status == "active") & (Link.ends_at == link.ends_at))
        if link is None:
            return False
        names = (service.organization_name(link.partner_organization_id),
                 service.organization_name(link.client_organization_id))
        if link.ends_at <= now:
            changed(link, "ended", None, "system", status="ended", closed_side="system", closed_at=now)
            link_mails.ended(people, *names, link)
            return True
        try:
            with db.atomic():
                LinkWarning.create(link=link.id, ends_at=link.ends_at, days=days, sent_at=now)
        except peewee.IntegrityError:
            return False
        link_mails.ending(people, *names, link, days)
        outbox.emit("partner.link.ending", _ending(link, days))  # PX6: the partner's webhooks
    return True


def _extend(link_id, ends_at, now):
    with db.atomic():
        link = Link.get_or_none((Link.id == link_id) & (Link.status == "active") & (Link.ends_at == ends_at)
                                & Link.auto_extend)
        if link is None:
            return False
        changed(link, "extended", None, "system", ends_at=link_rules.extended_end(ends_at, now))
    return True


def _ending(link, days):
    return {"link_id": str(link.id), "partner_organization_id": str(link.partner_organization_id),
            "client_organization_id": str(link.client_organization_id), "ends_at": link.ends_at,
            "days": days, "auto_extend": link.auto_extend}


def _warned(link, days):
    return LinkWarning.select().where((LinkWarning.link == link.id) & (LinkWarning.ends_at == link.ends_at)
                                      & (LinkWarning.days == days)).exists()


def _both_sides(link):
    orgs = _orgs_client()
    return legal_representatives(orgs, link.partner_organization_id) + legal_representatives(
        orgs, link.client_organization_id)


RUNS = [Run("expire-link-requests", "day", expired_requests, expire_request),
        Run("link-ends", "day", ending_links, handle_end)]
