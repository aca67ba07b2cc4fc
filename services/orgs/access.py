"""OR14: the one access check, answered from current rows (so team and grant changes count at once)."""
from . import audit, domain, guard
from .models import DelegatedGrant, Membership, Organization, db


def _delegations(subject, organization_id):
    """Active delegated grants on the organization held by partner organizations the subject is
    a (non-external) member of. Which partner staff manage which client (PA7) is the partner's
    to narrow later; until then every internal member of the partner acts within its scope."""
    partners = Membership.select(Membership.organization).where(
        (Membership.account_id == subject) & (Membership.external == False))  # noqa: E712 - SQL
    grants = DelegatedGrant.select().where((DelegatedGrant.client_organization_id == organization_id)
                                           & (DelegatedGrant.status == "active")
                                           & DelegatedGrant.partner_organization_id.in_(partners))
    return [{"id": g.id, "scope": g.scope, "products": g.products or {}, "billing": g.billing} for g in grants]


def decide(subject, action, organization_id, product_id=None):
    if not Organization.select().where(Organization.id == organization_id).exists():
        return {"decision": "deny", "reason": "no such organization", "via": None}
    membership = Membership.get_or_none((Membership.organization == organization_id) & (Membership.account_id == subject))
    return domain.decide_access(
        action, product_id,
        membership=guard.membership_facts(membership) if membership else None,
        team_grants=guard.team_grants(organization_id, subject) if membership else (),
        delegations=_delegations(subject, organization_id))


def _audit(check, decision):
    """Writes are audited whether allowed or denied; reads are not (they change nothing)."""
    if check["action"].endswith(".read") or decision["reason"] == "no such organization":
        return
    via = decision.get("via") or {}
    audit.record(check["organization_id"], check["subject"], check["action"],
                 check.get("product_id") or check["organization_id"],
                 "allowed" if decision["decision"] == "allow" else "denied",
                 delegation_id=via.get("id") if via.get("kind") == "delegation" else None,
                 detail=decision["reason"])


def check_many(checks):
    """The decisions, in order, for up to 100 checks, audited in one transaction."""
    with db.atomic():
        decisions = []
        for check in checks:
            decision = decide(check["subject"], check["action"], check["organization_id"], check.get("product_id"))
            _audit(check, decision)
            decisions.append(decision)
    return decisions


def check(one):
    return check_many([one])[0]
