"""OR14: the one access check, answered from current rows (so team and grant changes count at once).

It is the hottest read path of the system: its queries are `Prepared` (SQL built once, plain
rows back), and its audit rows are written after deciding, in one short transaction, so the
reads hold no lock."""
import peewee

from services.common.clock import utcnow
from services.common.db import Prepared

from . import audit, domain
from .models import DelegatedAssignment, DelegatedGrant, Elevation, Membership, Organization, Team, TeamMember, db

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
# PA6, PA7: the delegated grants on the client of every partner the subject is an internal
# member of, with its role there and its assignment to the grant if any; one round trip.
_delegations = Prepared(
    lambda subject, external, assigned, active, org, status: DelegatedGrant.select(
        DelegatedGrant.id, DelegatedGrant.scope, DelegatedGrant.products, DelegatedGrant.billing,
        DelegatedGrant.ends_at, Membership.role.alias("partner_role"),
        DelegatedAssignment.id.alias("assignment_id"), DelegatedAssignment.products.alias("assignment_products"),
    ).join(Membership, on=((Membership.organization == DelegatedGrant.partner_organization_id)
                           & (Membership.account_id == subject) & (Membership.external == external)))
    .join(DelegatedAssignment, peewee.JOIN.LEFT_OUTER,
          on=((DelegatedAssignment.link_id == DelegatedGrant.id) & (DelegatedAssignment.account_id == assigned)
              & (DelegatedAssignment.active == active)))
    .where((DelegatedGrant.client_organization_id == org) & (DelegatedGrant.status == status)),
    Membership.account_id, Membership.external, DelegatedAssignment.account_id, DelegatedAssignment.active,
    DelegatedGrant.client_organization_id, DelegatedGrant.status)
# PX3: the subject's approved, unexpired elevations here; read only when a grant alone does not allow.
_elevations = Prepared(
    lambda subject, org, status, now: Elevation.select(
        Elevation.id, Elevation.link_id, Elevation.product_id, Elevation.expires_at,
    ).where((Elevation.account_id == subject) & (Elevation.client_organization_id == org)
            & (Elevation.status == status) & (Elevation.expires_at > now)),
    Elevation.account_id, Elevation.client_organization_id, Elevation.status, Elevation.expires_at)


def delegations_of(subject, organization_id, database=None):
    """The grants on `organization_id` the subject reaches through its partners, as decide_access
    reads them (status active; the end date and the role are the domain's to weigh)."""
    for grant in _delegations(database or db.obj, subject, False, subject, True, organization_id, "active"):
        assignment = None
        if grant["assignment_id"] is not None:
            assignment = {"id": str(grant["assignment_id"]), "products": grant["assignment_products"]}
        yield {"id": grant["id"], "status": "active", "ends_at": grant["ends_at"], "scope": grant["scope"],
               "products": grant["products"] or {}, "billing": grant["billing"], "partner_role": grant["partner_role"],
               "assignment": assignment}


def elevations_of(subject, organization_id, now, database=None):
    return _elevations(database or db.obj, subject, organization_id, "approved", now)


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

    now = utcnow()  # PX1, PX3: the end of a link and of an elevation, on the shared clock

    def elevations():
        yield from elevations_of(subject, organization_id, now, database)

    return domain.decide_access(action, product_id, membership=membership,
                                team_grants=team_grants() if membership else (),
                                delegations=delegations_of(subject, organization_id, database),
                                elevations=elevations(), now=now)


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
