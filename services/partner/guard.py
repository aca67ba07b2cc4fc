"""Who may: partner's person endpoints ask orgs' access check (OR14), never decide.

Asked before the use case's transaction. An organization the caller is not in at all answers
404 (tenant isolation: nothing is learnt about another organization); a member without the
right gets 403 with orgs' reason."""
from services.common.errors import Forbidden, NotFound


def require(access, account_id, action, organization_id):
    """The allowing decision of `action` (partner.represent, partner.manage, organization.read)."""
    asked = [{"subject": account_id, "action": "organization.read", "organization": organization_id}]
    if action != "organization.read":
        asked.append({"subject": account_id, "action": action, "organization": organization_id})
    decisions = access.check_many(asked)
    if decisions[0]["decision"] != "allow":
        raise NotFound("No such organization.")
    if decisions[-1]["decision"] != "allow":
        raise Forbidden(f"Not allowed: {decisions[-1]['reason']}.", reason=decisions[-1]["reason"])
    return decisions[-1]
