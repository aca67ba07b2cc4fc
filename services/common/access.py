"""The access check (OR14) as other services ask it of orgs: one decision, or many at once.

Orgs alone combines membership, role, teams, product grants and partner delegations; a
service never decides access itself, it asks here. The call is a POST (orgs audits the
decisions on writes), so it is not retried: a timeout is `Unavailable`, never a guess.
"""
from .errors import Forbidden, NotFound

SCOPE = "orgs:access-check"  # what orgs' /v1/access/check and /check-batch require
BATCH_LIMIT = 100  # orgs' largest batch


class AccessClient:
    """Built on a ServiceClient for orgs whose scope includes `SCOPE`."""

    def __init__(self, orgs):
        self.orgs = orgs

    def check(self, subject, action, organization, product=None):
        """The decision: {"decision": "allow" | "deny", "reason": ..., "via": {"kind", "id"} | None}."""
        return self.orgs.post("/v1/access/check", _ask(subject, action, organization, product))

    def check_many(self, checks):
        """The decisions, in the order asked, for dicts of `subject`, `action`, `organization`
        and optionally `product` (in calls of at most BATCH_LIMIT)."""
        asked = [_ask(c["subject"], c["action"], c["organization"], c.get("product")) for c in checks]
        decisions = []
        for start in range(0, len(asked), BATCH_LIMIT):
            decisions += self.orgs.post("/v1/access/check-batch", {"checks": asked[start:start + BATCH_LIMIT]})
        return decisions

    def require(self, subject, action, organization, product=None):
        """The allowing decision, else NotFound when the subject does not even reach the organization
        (tenant isolation: nothing is learnt about another organization, not even that it exists)
        or Forbidden with orgs' reason when it does. One round trip for both checks."""
        asked = [{"subject": subject, "action": "organization.read", "organization": organization}]
        if action != "organization.read" or product is not None:
            asked.append({"subject": subject, "action": action, "organization": organization, "product": product})
        decisions = self.check_many(asked)
        reach, decision = decisions[0], decisions[-1]
        if reach["decision"] != "allow":
            raise NotFound("No such organization.")
        if decision["decision"] != "allow":
            raise Forbidden(f"Not allowed: {decision['reason']}.", reason=decision["reason"])
        return decision


def _ask(subject, action, organization, product):
    body = {"subject": str(subject), "action": action, "organization_id": str(organization)}
    if product is not None:
        body["product_id"] = str(product)
    return body
