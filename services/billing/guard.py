"""Who may: every person endpoint of billing asks orgs' access check (OR14), never decides.

Asked before the use case's transaction (a call to orgs never runs while billing holds a
lock). BI13: a denied billing.* check answers 404, so someone without billing rights learns
nothing about invoices, orders or addresses. A product check denied answers 404 when the
caller may not even read the product, 403 when they may read but not manage it. The
allowing decision's `via` ({kind, id}) is what events carry in `ordered_by`.
"""
from dataclasses import dataclass

from services.common.errors import Forbidden, NotFound

NOT_FOUND = "No such organization, or no billing rights in it."


def require_billing(access, account_id, organization_id, action="billing.read"):
    """The allowing decision of billing.read / billing.manage, else NotFound (BI13)."""
    decision = access.check(account_id, action, organization_id)
    if decision["decision"] != "allow":
        raise NotFound(NOT_FOUND)
    return decision


def ordered_by(account_id, decision):
    """Who acts, as events' OrderedBy names them: the account and how orgs let it in (`via`)."""
    via = decision.get("via") or {}
    return {"account_id": account_id, "via_kind": via.get("kind"), "via_id": via.get("id")}


@dataclass(frozen=True)
class Caller:
    account_id: str
    access: object  # services.common.access.AccessClient

    def billing(self, organization_id, action="billing.read"):
        """The `ordered_by` of an allowed billing.read / billing.manage, else NotFound (BI13)."""
        return self.ordered_by(require_billing(self.access, self.account_id, organization_id, action))

    def products(self, organization_id, product_ids, action="product.read"):
        """The `ordered_by` when `action` (product.read / product.manage) is allowed on every one of
        `product_ids`; else NotFound when one may not even be read, Forbidden when all may be read."""
        product_ids = list(product_ids)
        decisions = self.access.check_many(self._asked(organization_id, product_ids, action))
        denied = [p for p, d in zip(product_ids, decisions) if d["decision"] != "allow"]
        if not denied:
            return self.ordered_by(decisions[0])
        if action != "product.read":
            readable = self.access.check_many(self._asked(organization_id, denied, "product.read"))
            if all(d["decision"] == "allow" for d in readable):
                raise Forbidden("You may see but not manage these products: " + ", ".join(map(str, denied)) + ".")
        raise NotFound("No such product.")

    def product(self, organization_id, product_id, action="product.read"):
        return self.products(organization_id, [product_id], action)

    def _asked(self, organization_id, product_ids, action):
        return [{"subject": self.account_id, "action": action, "organization": organization_id, "product": p}
                for p in product_ids]

    def readable(self, organization_id, product_ids):
        """The ids among `product_ids` the caller may read, asked in one batch (check_many) after
        whether they are in the organization at all (else NotFound)."""
        product_ids = list(product_ids)
        asked = [{"subject": self.account_id, "action": "organization.read", "organization": organization_id}]
        asked += self._asked(organization_id, product_ids, "product.read")
        decisions = self.access.check_many(asked)
        if decisions[0]["decision"] != "allow":
            raise NotFound("No such organization.")
        return {p for p, d in zip(product_ids, decisions[1:]) if d["decision"] == "allow"}

    def ordered_by(self, decision):
        return ordered_by(self.account_id, decision)
