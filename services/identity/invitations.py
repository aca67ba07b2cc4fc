"""Sign-up through an organization's invitation (ID3): identity asks orgs, which owns invitations."""
from urllib.parse import quote

import requests

from services.common.errors import RuleViolation, Unavailable

from . import domain


def open_invitation(orgs_client, token, email=None):
    """The pending invitation behind `token` (as orgs describes it), else a clear ID3 refusal."""
    if not token:
        raise RuleViolation("ID3", "This invitation link is not valid.")
    try:
        # Quoted: a token is one path segment, never a way to reach another orgs path.
        response = orgs_client.get("orgs", f"/v1/invitations/{quote(token, safe='')}")
    except requests.RequestException:
        raise Unavailable("The organizations service could not be asked; try again later.") from None
    if response.status_code == 404:
        raise RuleViolation("ID3", "This invitation link is not valid.")
    if response.status_code != 200:
        raise Unavailable("The organizations service could not check the invitation; try again later.")
    invitation = response.json()
    if invitation["status"] != "pending":
        raise RuleViolation("ID3", f"This invitation is {invitation['status']}; ask for a new one.")
    if email is not None and domain.normalize_email(email) != domain.normalize_email(invitation["email"]):
        raise RuleViolation("ID3", "Sign up with the address the invitation was sent to.")
    return invitation
