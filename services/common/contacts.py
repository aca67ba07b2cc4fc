"""Whom a service writes to about an organization, asked of orgs (`GET /v1/organizations/{id}/contacts`,
scope orgs:read): billing and partner keep no people. Asked before the use case's transaction (a call to
another service never runs while a service holds a lock); the mails themselves are then recorded
in that transaction (mail after commit)."""
from services.common.errors import NotFound

ADMINISTRATIVE_ROLES = ("legal_representative", "administrator")


def contacts(orgs_client, organization_id):
    """Every member orgs has an address for: dicts of account_id, email, language, role,
    external, billing_rights, contact_preferences; [] when the organization is gone."""
    try:
        return orgs_client.get(f"/v1/organizations/{organization_id}/contacts")
    except NotFound:
        return []


def billing_contacts(orgs_client, organization_id):
    """Who receives invoices, reminders and suspensions (BI6): the members who asked for
    billing mails (OR4), else those with billing rights and the legal representatives."""
    people = [c for c in contacts(orgs_client, organization_id) if not c.get("external")]
    chosen = [c for c in people if (c.get("contact_preferences") or {}).get("billing")]
    return chosen or [c for c in people if c.get("billing_rights") or c.get("role") == "legal_representative"]


def administrators(orgs_client, organization_id, except_account=None):
    """BI12: the organization's administrators and legal representatives other than `except_account`."""
    return [c for c in contacts(orgs_client, organization_id)
            if c.get("role") in ADMINISTRATIVE_ROLES and not c.get("external")
            and str(c.get("account_id")) != str(except_account)]


def legal_representatives(orgs_client, organization_id):
    """The organization's own legal representatives (PA1, PA4, PA5: whom the partner programme writes to)."""
    return [c for c in contacts(orgs_client, organization_id)
            if c.get("role") == "legal_representative" and not c.get("external") and c.get("email")]
