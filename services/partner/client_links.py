"""Links from the client's side (PA5, PA8, PX1): authorize a partner on its own initiative,
approve a request (with the scope asked or another) or decline it, and change the scope,
who pays and the end date of an active link at any time; the partner is mailed each time.
Only the client's own legal representatives act (`partner.represent`)."""
from services.common import clock
from services.common.contacts import legal_representatives
from services.common.errors import NotFound, RuleViolation

from . import link_mails, link_rules, service
from .link_events import changed
from .links import insert_open, refuse_open_pair
from .models import Link, Partner, db


def client_link(client_org, link_id):
    """The client's link `link_id`; another organization's link is 404."""
    link = Link.get_or_none((Link.id == link_id) & (Link.client_organization_id == client_org))
    if link is None:
        raise NotFound("The organization has no such link.")
    return link


def authorize(access, orgs, account_id, client_org, body):
    """PA5: the client authorizes an approved partner on its own initiative: active at once."""
    access.require(account_id, "partner.represent", client_org)
    partner_org = body["partner_organization_id"]
    partner = Partner.get_or_none((Partner.organization_id == partner_org) & (Partner.status == "approved"))
    if partner is None:
        raise NotFound("No such approved partner.")
    if str(partner_org) == str(client_org):
        raise RuleViolation("PA5", "An organization cannot authorize itself as its partner.")
    now = clock.utcnow()
    scope = link_rules.checked_scope(body["scope"])
    payer = link_rules.checked_payer(scope["scope"], body["payer"])
    ends_at = link_rules.checked_end(body.get("ends_at"), now)
    client = orgs.get(f"/v1/organizations/{client_org}")
    refuse_open_pair(partner_org, client_org)
    recipients = legal_representatives(orgs, partner_org)
    link = Link(partner_organization_id=partner_org, client_organization_id=client_org, status="active",
                initiated_by="client", requested={**scope, "payer": payer}, **scope, payer=payer, ends_at=ends_at,
                auto_extend=body.get("auto_extend", False), requested_by=account_id, requested_at=now,
                approved_by=account_id, approved_at=now)
    with db.atomic():
        service.record_organization(client["id"], client["name"], client["kind"], client["currency"])
        insert_open(link, "approved", account_id, "client")
        link_mails.approved(recipients, client["name"], link)
    return link


def approve(access, orgs, account_id, client_org, link_id, body):
    """PA5: approve a pending request, with the scope asked (scope omitted) or another; PA4: not
    once the request is past its 30 days, even before the run marked it expired."""
    access.require(account_id, "partner.represent", client_org)
    now = clock.utcnow()
    link = _open_request(client_link(client_org, link_id), now)
    asked = link.requested
    scope = link_rules.checked_scope(body.get("scope") or asked)
    if "payer" in body:
        payer = link_rules.checked_payer(scope["scope"], body["payer"])
    else:  # as asked, unless the scope granted is limited: then the client pays (PA8)
        payer = asked["payer"] if scope["scope"] == "full" else "client"
    ends_at = link_rules.checked_end(body["ends_at"] if "ends_at" in body else link.ends_at, now)
    recipients = legal_representatives(orgs, link.partner_organization_id)
    with db.atomic():
        link = _open_request(client_link(client_org, link_id), now)
        changed(link, "approved", account_id, "client", status="active", **scope, payer=payer, ends_at=ends_at,
                auto_extend=body.get("auto_extend", link.auto_extend), approved_by=account_id, approved_at=now)
        link_mails.approved(recipients, service.organization_name(client_org), link)
    return link


def decline(access, orgs, account_id, client_org, link_id):
    """PA5: the client declines a pending request; the partner is mailed."""
    access.require(account_id, "partner.represent", client_org)
    link = client_link(client_org, link_id)
    recipients = legal_representatives(orgs, link.partner_organization_id)
    with db.atomic():
        link = client_link(client_org, link_id)
        if link.status != "pending":
            raise RuleViolation("PA5", f"Only a pending request can be declined; this link is {link.status}.")
        changed(link, "declined", account_id, "client", status="declined", closed_by=account_id,
                closed_side="client", closed_at=clock.utcnow())
        link_mails.declined(recipients, service.organization_name(client_org), link)
    return link


def change_scope(access, orgs, account_id, client_org, link_id, scope):
    """PA5: another scope at any time; PA8: a limited scope means the client pays again."""
    scope = link_rules.checked_scope(scope)
    return _change(access, orgs, account_id, client_org, link_id, "PA5", "scope_changed",
                   lambda link: {**scope, "payer": link.payer if scope["scope"] == "full" else "client"})


def change_payer(access, orgs, account_id, client_org, link_id, payer):
    """PA8: who pays, switched at any time (the partner only with full access)."""
    return _change(access, orgs, account_id, client_org, link_id, "PA8", "payer_changed",
                   lambda link: {"payer": link_rules.checked_payer(link.scope, payer)})


def change_end(access, orgs, account_id, client_org, link_id, ends_at, auto_extend):
    """PX1: another end date (or none) and automatic extension, at any time."""
    ends_at = link_rules.checked_end(ends_at, clock.utcnow())
    return _change(access, orgs, account_id, client_org, link_id, "PX1", "end_changed",
                   lambda link: {"ends_at": ends_at, "auto_extend": auto_extend})


def _change(access, orgs, account_id, client_org, link_id, rule, event, changes_of):
    access.require(account_id, "partner.represent", client_org)
    link = client_link(client_org, link_id)
    recipients = legal_representatives(orgs, link.partner_organization_id)
    with db.atomic():
        link = client_link(client_org, link_id)
        if link.status != "active":
            raise RuleViolation(rule, f"Only an active link can be changed; this link is {link.status}.")
        changed(link, event, account_id, "client", **changes_of(link))
        link_mails.changed(recipients, service.organization_name(client_org), link, event)
    return link


def _open_request(link, now):
    if not link_rules.request_open(link, now):
        raise RuleViolation("PA4", "Only a pending request within its 30 days can be approved; "
                                   f"this one is {'expired' if link.status == 'pending' else link.status}.")
    return link
