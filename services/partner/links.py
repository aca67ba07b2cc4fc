"""Links from the partner's side (PA4): a request to an existing organization (by id or by its
legal representative's email) or to a client organization created for it; resend; withdraw.

Orgs is asked everything (who may, which organization, whom to mail) before the transaction;
each use case is then one transaction that writes the link, emits its event and records its
mails. Only the partner's own legal representatives act (`partner.represent`), and only for
an approved partner (PA4)."""
import peewee

from services.common import clock
from services.common.contacts import legal_representatives
from services.common.errors import Conflict, NotFound, RuleViolation

from . import link_mails, link_rules, service
from .link_events import changed, created
from .models import Link, Partner, db


def approved_partner(organization_id):
    """The approved Partner row of `organization_id`, else RuleViolation PA4."""
    partner = Partner.get_or_none((Partner.organization_id == organization_id) & (Partner.status == "approved"))
    if partner is None:
        raise RuleViolation("PA4", "Only an approved partner can be linked to clients.")
    return partner


def refuse_open_pair(partner_org, client_org):
    """At most one pending or active link per (partner, client) pair: 409 otherwise."""
    if Link.select().where((Link.partner_organization_id == partner_org) & (Link.client_organization_id == client_org)
                           & Link.status.in_(link_rules.OPEN)).exists():
        raise Conflict("This partner and this client already have a pending or active link.")


def insert_open(link, event, actor_id, side):
    """`created`, with the database's unique index of open pairs as the last word (two at once)."""
    try:
        with db.atomic():  # a savepoint: the index refuses the second of two simultaneous requests
            return created(link, event, actor_id, side)
    except peewee.IntegrityError:
        raise Conflict("This partner and this client already have a pending or active link.") from None


def request_link(access, orgs, account_id, partner_org, body):
    """PA4: a pending request to a client; the client's legal representatives are mailed."""
    access.require(account_id, "partner.represent", partner_org)
    partner = approved_partner(partner_org)
    now = clock.utcnow()
    scope = link_rules.checked_scope(body["scope"])
    payer = link_rules.checked_payer(scope["scope"], body["payer"])
    ends_at = link_rules.checked_end(body.get("ends_at"), now)
    client, recipients, created_client, email = _client(orgs, partner_org, body["client"])
    link = Link(partner_organization_id=partner_org, client_organization_id=client["id"], status="pending",
                initiated_by="partner", created_client=created_client, invited_email=email,
                requested={**scope, "payer": payer}, ends_at=ends_at, auto_extend=body.get("auto_extend", False),
                requested_by=account_id, requested_at=now, request_expires_at=link_rules.request_expiry(now))
    with db.atomic():
        service.record_organization(client["id"], client["name"], client["kind"], client["currency"])
        insert_open(link, "requested", account_id, "partner")
        link_mails.requested(recipients, partner.name, client["name"], link)
    return link


def _client(orgs, partner_org, asked):
    """(organization, its legal representatives, created, invited email) for the request's `client`."""
    if "new_organization" in asked:
        new = asked["new_organization"]
        answer = orgs.post("/v1/client-organizations", {**new, "partner_organization_id": str(partner_org)})
        client = {"id": answer["organization_id"], "name": new["name"], "kind": new["kind"],
                  "currency": new["currency"]}
        representative = new["legal_representative"]
        return client, [representative], True, representative["email"].lower()
    if "email" in asked:
        found = orgs.get("/v1/organizations", {"legal_representative_email": asked["email"]})
        if not found:
            raise NotFound("No organization has a legal representative with this email.")
        if len(found) > 1:
            raise Conflict("Several organizations have a legal representative with this email: "
                           "choose one by its id.", organizations=[{"id": o["id"], "name": o["name"]} for o in found])
        client = found[0]
    else:
        client = orgs.get(f"/v1/organizations/{asked['organization_id']}")
    if str(client["id"]) == str(partner_org):
        raise RuleViolation("PA4", "A partner cannot be its own client.")
    refuse_open_pair(partner_org, client["id"])
    return client, legal_representatives(orgs, client["id"]), False, asked.get("email", "").lower() or None


def partner_link(partner_org, link_id):
    """The partner's link `link_id`; another organization's link is 404."""
    link = Link.get_or_none((Link.id == link_id) & (Link.partner_organization_id == partner_org))
    if link is None:
        raise NotFound("The partner has no such link.")
    return link


def resend(access, orgs, account_id, partner_org, link_id):
    """PA4: mail a pending request again; its 30 days start again."""
    access.require(account_id, "partner.represent", partner_org)
    partner = approved_partner(partner_org)
    link = partner_link(partner_org, link_id)
    recipients = _request_recipients(orgs, link)
    now = clock.utcnow()
    with db.atomic():
        link = _pending(partner_link(partner_org, link_id))
        changed(link, "resent", account_id, "partner", resent_at=now, request_expires_at=link_rules.request_expiry(now))
        link_mails.requested(recipients, partner.name, service.organization_name(link.client_organization_id), link)
    return link


def withdraw(access, account_id, partner_org, link_id):
    """PA4: the partner withdraws its pending request."""
    access.require(account_id, "partner.represent", partner_org)
    with db.atomic():
        link = _pending(partner_link(partner_org, link_id))
        return changed(link, "withdrawn", account_id, "partner", status="withdrawn", closed_by=account_id,
                       closed_side="partner", closed_at=clock.utcnow())


def _pending(link):
    if link.status != "pending":
        raise RuleViolation("PA4", f"Only a pending request can be resent or withdrawn; this link is {link.status}.")
    return link


def _request_recipients(orgs, link):
    people = legal_representatives(orgs, link.client_organization_id)
    if not people and link.invited_email:  # a created client whose representative has not signed up yet
        people = [{"email": link.invited_email, "language": None}]
    return people
