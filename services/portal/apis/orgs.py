"""orgs' API as the signed-in person (organizations, members, invitations, teams, audit)."""

from . import base

SERVICE = "orgs"


def my_organizations():
    return base.get(SERVICE, "/v1/organizations/mine")


def organization(organization_id):
    return base.get(SERVICE, f"/v1/organizations/{organization_id}")


def create_organization(name, kind, currency):
    """OR2: the caller becomes its legal representative."""
    return base.post(SERVICE, "/v1/organizations", {"name": name, "kind": kind, "currency": currency})


def update_organization(organization_id, changes):
    """OR1 details and branding; OR10 refused to collaborators by orgs."""
    return base.patch(SERVICE, f"/v1/organizations/{organization_id}", changes)


def delete_organization(organization_id):
    """OR13: refused (RuleViolation with `blockers`) while billing has something open."""
    return base.delete(SERVICE, f"/v1/organizations/{organization_id}")


def upload_logo(organization_id, kind, content, content_type):
    """OR1 branding: the image's bytes as they are (kind: square or rectangular)."""
    base.call(SERVICE, "PUT", f"/v1/organizations/{organization_id}/logos/{kind}", raw=True, data=content,
              headers={"Content-Type": content_type})  # orgs answers with the PNG it keeps


def logo(organization_id, kind):
    """The logo as orgs serves it: a requests.Response (content and Content-Type)."""
    return base.call(SERVICE, "GET", f"/v1/organizations/{organization_id}/logos/{kind}", raw=True)


def remove_logo(organization_id, kind):
    return base.delete(SERVICE, f"/v1/organizations/{organization_id}/logos/{kind}")


def members(organization_id):
    return base.get(SERVICE, f"/v1/organizations/{organization_id}/members")


def update_member(organization_id, account_id, changes):
    """Role (OR5, OR7, mailed: OR9), external, products, billing rights, contact preferences."""
    return base.patch(SERVICE, f"/v1/organizations/{organization_id}/members/{account_id}", changes)


def remove_member(organization_id, account_id):
    return base.delete(SERVICE, f"/v1/organizations/{organization_id}/members/{account_id}")


def leave(organization_id):
    """OR8: the caller leaves (never as the last legal representative, OR7)."""
    return base.delete(SERVICE, f"/v1/organizations/{organization_id}/members/me")


def invitations(organization_id):
    return base.get(SERVICE, f"/v1/organizations/{organization_id}/invitations")


def invite(organization_id, invitation):
    """OR4: email, role, external, product_ids, billing_rights, contact_preferences, language (of the mail)."""
    return base.post(SERVICE, f"/v1/organizations/{organization_id}/invitations", invitation)


def resend_invitation(organization_id, invitation_id):
    return base.post(SERVICE, f"/v1/organizations/{organization_id}/invitations/{invitation_id}/resend")


def withdraw_invitation(organization_id, invitation_id):
    return base.delete(SERVICE, f"/v1/organizations/{organization_id}/invitations/{invitation_id}")


def accept_invitation(token):
    """The organization joined, with the caller's role (my_role)."""
    return base.post(SERVICE, f"/v1/invitations/{token}/accept")


def decline_invitation(token):
    return base.post(SERVICE, f"/v1/invitations/{token}/decline")


def teams(organization_id):
    return base.get(SERVICE, f"/v1/organizations/{organization_id}/teams")


def team(organization_id, team_id):
    return base.get(SERVICE, f"/v1/organizations/{organization_id}/teams/{team_id}")


def create_team(organization_id, name, lead_account_id=None):
    return base.post(SERVICE, f"/v1/organizations/{organization_id}/teams",
                     {"name": name, "lead_account_id": lead_account_id})


def update_team(organization_id, team_id, changes):
    return base.patch(SERVICE, f"/v1/organizations/{organization_id}/teams/{team_id}", changes)


def delete_team(organization_id, team_id):
    return base.delete(SERVICE, f"/v1/organizations/{organization_id}/teams/{team_id}")


def add_to_team(organization_id, team_id, account_id):
    return base.put(SERVICE, f"/v1/organizations/{organization_id}/teams/{team_id}/members/{account_id}")


def remove_from_team(organization_id, team_id, account_id):
    return base.delete(SERVICE, f"/v1/organizations/{organization_id}/teams/{team_id}/members/{account_id}")


def support_access(organization_id):
    """OR12: mail, drive and chat, each with active, granted_at, expires_at."""
    return base.get(SERVICE, f"/v1/organizations/{organization_id}/support-access")


def grant_support_access(organization_id, content_type):
    return base.put(SERVICE, f"/v1/organizations/{organization_id}/support-access/{content_type}")


def revoke_support_access(organization_id, content_type):
    return base.delete(SERVICE, f"/v1/organizations/{organization_id}/support-access/{content_type}")


def audit(organization_id, **filters):
    """OR14: {items, total, limit, offset, next_cursor}; filters: actor, action, since, until, before, limit."""
    return base.get(SERVICE, f"/v1/organizations/{organization_id}/audit",
                    **{k: v for k, v in filters.items() if v not in (None, "")})


def invitation_for_me(token):
    """An open invitation addressed to the person: organization_name, role, expires_at..."""
    return base.get(SERVICE, f"/v1/invitations/{token}/mine")


# -- elevations (portal-partner) --------------------------------------------------------------

def ask_elevation(client_id, product_id, hours, reason):
    """PX3: a partner user asks for product.manage on one product for 1-8 hours: pending, or
    approved at once when the client pre-approved the product."""
    return base.post(SERVICE, f"/v1/organizations/{client_id}/elevations",
                     {"product_id": product_id, "hours": hours, "reason": reason})


def my_elevations(status=None):
    """PX3: the caller's own elevation requests across clients."""
    return base.get(SERVICE, "/v1/accounts/me/elevations", **({"status": status} if status else {}))


# -- partner activity and elevations (portal-client) -----------------------------------------

def _present(filters):
    return {k: v for k, v in filters.items() if v not in (None, "")}


def activity(organization_id, **filters):
    """PX2: what partner staff did in the organization, {items, next_cursor}; filters: link_id,
    actor_id, action, since, until, cursor."""
    return base.get(SERVICE, f"/v1/organizations/{organization_id}/activity", **_present(filters))


def activity_csv(organization_id, **filters):
    """PX2: the same entries as CSV, a streamed requests.Response (iter_content)."""
    return base.call(SERVICE, "GET", f"/v1/organizations/{organization_id}/activity.csv", raw=True, stream=True,
                     params=_present(filters) or None)


def elevations(organization_id, status=None):
    """PX3: partner users' requests for a higher right on one product."""
    answer = base.get(SERVICE, f"/v1/organizations/{organization_id}/elevations",
                      **({"status": status} if status else {}))
    return answer["items"] if isinstance(answer, dict) else answer


def approve_elevation(organization_id, elevation_id):
    return base.post(SERVICE, f"/v1/organizations/{organization_id}/elevations/{elevation_id}/approval")


def decline_elevation(organization_id, elevation_id):
    return base.post(SERVICE, f"/v1/organizations/{organization_id}/elevations/{elevation_id}/decline")


def elevation_preapprovals(organization_id):
    """PX3: the products whose elevations are approved at once: [product_id]."""
    return base.get(SERVICE, f"/v1/organizations/{organization_id}/elevation-preapprovals")["product_ids"]


def set_elevation_preapprovals(organization_id, product_ids):
    return base.put(SERVICE, f"/v1/organizations/{organization_id}/elevation-preapprovals",
                    {"product_ids": list(product_ids)})
