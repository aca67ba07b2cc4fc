"""OR14: the one access check, answered from current rows (so team and grant changes count at once).

It is the hottest read path of the system: its queries are `Prepared` (SQL built once, plain
rows back), and its audit rows are written after deciding, in one short transaction, so the
reads hold no lock."""
import peewee

from services.common.db import Prepared

from . import audit, domain
from .models import DelegatedGrant, Membership, Organization, Team, TeamMember, db

# The organization, and the subject's membership in it if any: one round trip for both.
_organization_membership = Prepared(
    lambda subject, org: Organization.select(
        Organization.id, Membership.id.alias("membership_id"), Membership.role, Membership.external,
        Membership.product_ids, Membership.billing_rights,
    ).join(Membership, peewee.JOIN.LEFT_OUTER,
           on=((Membership.organization == Organization.id) & (Membership.account_id == subject)))
    .where(Organization.id == org),
    Membership.account_id, Organization.id)
_team_grants = Prepared(
    lambda org, subject: Team.select(Team.id, Team.product_ids).join(TeamMember).where(
        (Team.organization == org) & (TeamMember.account_id == subject)),
    Team.organization, TeamMember.account_id)
# Which partner staff manage which client (PA7) is the partner's to narrow later; until then
# every internal member of a partner organization acts within the delegated scope.
_delegations = Prepared(
    lambda org, status, subject, external: DelegatedGrant.select(
        DelegatedGrant.id, DelegatedGrant.scope, DelegatedGrant.products, DelegatedGrant.billing,
    ).where((DelegatedGrant.client_organization_id == org) & (DelegatedGrant.status == status)
            & DelegatedGrant.partner_organization_id.in_(
                Membership.select(Membership.organization).where(
                    (Membership.account_id == subject) & (Membership.external == external)))),
    DelegatedGrant.client_organization_id, DelegatedGrant.status, Membership.account_id, Membership.external)


def decide(subject, action, organization_id, product_id=None):
    """One query for the organization and the membership; teams and delegations are read only
    when the membership alone does not allow (domain.decide_access iterates them lazily)."""
    database = db.obj
    row = next(iter(_organization_membership(database, subject, organization_id)), None)
    if row is None:
        return {"decision": "deny", "reason": "no such organization", "via": None}
    membership = None
    if row["membership_id"] is not None:
        membership = domain.membership_facts(row["membership_id"], row["role"], row["external"], row["product_ids"],
                                             row["billing_rights"])

    def team_grants():
        for team in _team_grants(database, organization_id, subject):
            yield team["id"], team["product_ids"] or []

    def delegations():
        for grant in _delegations(database, organization_id, "active", subject, False):
            yield {**grant, "products": grant["products"] or {}}

    return domain.decide_access(action, product_id, membership=membership,
                                team_grants=team_grants() if membership else (), delegations=delegations())


def _audited(check, decision):
    """Writes are audited whether allowed or denied; reads are not (they change nothing)."""
    return not check["action"].endswith(".read") and decision["reason"] != "no such organization"


def _audit(check, decision):
    via = decision.get("via") or {}
    audit.record(check["organization_id"], check["subject"], check["action"],
                 check.get("product_id") or check["organization_id"],
                 "allowed" if decision["decision"] == "allow" else "denied",
                 delegation_id=via.get("id") if via.get("kind") == "delegation" else None,
                 detail=decision["reason"])


def check_many(checks):
    """The decisions, in order, for up to 100 checks; the audited ones recorded in one transaction."""
    decisions = [decide(c["subject"], c["action"], c["organization_id"], c.get("product_id")) for c in checks]
    audited = [(c, d) for c, d in zip(checks, decisions) if _audited(c, d)]
    if len(audited) == 1:
        _audit(*audited[0])  # one INSERT is atomic by itself: no BEGIN/COMMIT round trips
    elif audited:
        with db.atomic():
            for check, decision in audited:
                _audit(check, decision)
    return decisions


def check(one):
    return check_many([one])[0]
