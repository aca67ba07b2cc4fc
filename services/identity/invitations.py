"""Sign-up through an organization's invitation (ID3): identity asks orgs, which owns invitations."""
from urllib.parse import quote

from services.common.i18n import N_
from services.common.errors import NotFound, RuleViolation

from . import domain


def open_invitation(orgs_client, token, email=None):
    """The pending invitation behind `token` (as orgs describes it), else a clear ID3 refusal."""
    if not token:
        raise RuleViolation("ID3", N_("This invitation link is not valid."))
    try:  # quoted: the token comes from the link, and must not steer the call to another path
        invitation = orgs_client.get(f"/v1/invitations/{quote(token, safe='')}")
    except NotFound:
        raise RuleViolation("ID3", N_("This invitation link is not valid.")) from None
    if invitation["status"] != "pending":
        raise RuleViolation("ID3", N_("This invitation was used, withdrawn or has expired; ask for a new one."),
                            invitation_status=invitation["status"])
    if email is not None and domain.normalize_email(email) != domain.normalize_email(invitation["email"]):
        raise RuleViolation("ID3", N_("Sign up with the address the invitation was sent to."))
    return invitation
