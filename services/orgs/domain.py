"""Organization rules as plain Python: no Flask, no peewee, no pika."""
from datetime import timedelta

from services.common.errors import Conflict, Forbidden, RuleViolation
from services.common.i18n import N_

LEGAL_REPRESENTATIVE = "legal_representative"
ADMINISTRATOR = "administrator"
COLLABORATOR = "collaborator"
ROLES = (LEGAL_REPRESENTATIVE, ADMINISTRATOR, COLLABORATOR)  # OR3
MANAGERS = (LEGAL_REPRESENTATIVE, ADMINISTRATOR)
KINDS = ("individual", "company")  # an organization is a person's or a company's

INVITATION_LIFETIME = timedelta(days=7)  # OR4 (our choice)
SUPPORT_GRANT_LIFETIME = timedelta(days=7)  # OR12
SUPPORT_CONTENT_TYPES = ("mail", "drive", "chat")  # OR12


def founder_role():
    """ID3 / OR2: whoever creates an organization becomes its legal representative."""
    return LEGAL_REPRESENTATIVE


def is_manager(role):
    """OR4/OR6/OR10: administrators and legal representatives run the organization."""
    return role in MANAGERS


def ensure_manager(role, rule, refusal):
    if not is_manager(role):
        raise Forbidden(refusal, rule=rule)


def ensure_legal_representative(role, rule, refusal):
    if role != LEGAL_REPRESENTATIVE:
        raise Forbidden(refusal, rule=rule)


def ensure_may_assign_role(actor_role, new_role):
    """OR4: managers set roles; OR5: only a legal representative gives that role."""
    ensure_manager(actor_role, "OR4", N_("Only administrators and legal representatives can change roles."))
    if new_role == LEGAL_REPRESENTATIVE:
        ensure_legal_representative(actor_role, "OR5", N_("Only a legal representative can give the legal "
                                                          "representative role."))


def ensure_may_take_legal_representative_role(actor_role, member_role):
    """OR5 (our reading): only a legal representative appoints one, so only a legal
    representative takes the role away again, by demoting or by removing its holder.
    An administrator manages every other member; a legal representative may still leave."""
    if member_role == LEGAL_REPRESENTATIVE:
        ensure_legal_representative(actor_role, "OR5", N_("Only a legal representative can demote or remove "
                                                          "a legal representative."))


def legal_representatives_after(roles, account_id, new_role):
    """How many legal representatives remain once `account_id` takes `new_role` (None = gone)."""
    return sum(1 for who, role in roles.items()
               if (new_role if who == account_id else role) == LEGAL_REPRESENTATIVE)


def ensure_not_last_legal_representative(roles, account_id, new_role=None):
    """OR7/OR8: the last legal representative can be neither removed, demoted nor leave.

    `roles` maps every member's account id to its role; `new_role` None means removal.
    """
    if roles.get(account_id) == LEGAL_REPRESENTATIVE and legal_representatives_after(roles, account_id, new_role) == 0:
        raise RuleViolation("OR7", N_("This member is the organization's last legal representative: "
                                      "appoint another legal representative first."))


PRODUCT_BINDING_KINDS = ("ksuite", "mail_address", "other")


def ensure_not_bound_to_a_product(bound_products):
    """OR8: a membership bound to one of the organization's products (its kSuite account, a
    login address inside its mail service) cannot be left; the product must release it first."""
    if bound_products:
        names = ", ".join(f"{b['kind']} {b['label']}" if b.get("label") else b["kind"] for b in bound_products)
        raise RuleViolation("OR8", N_("This membership is bound to a product of the organization "
                                      "(%(products)s): ask an administrator to release it from that product "
                                      "first.") % {"products": names})


def sole_legal_representative(roles, account_id):
    return roles.get(account_id) == LEGAL_REPRESENTATIVE and legal_representatives_after(roles, account_id, None) == 0


def invitation_expiry(now):
    return now + INVITATION_LIFETIME


def invitation_state(status, expires_at, now):
    """A pending invitation past its expiry reads as expired; the row keeps 'pending'."""
    return "expired" if status == "pending" and now >= expires_at else status


INVITATION_CLOSED = {"expired": N_("This invitation is expired."), "accepted": N_("This invitation is accepted."),
                     "declined": N_("This invitation is declined."), "withdrawn": N_("This invitation is withdrawn.")}


def ensure_invitation_open(status, expires_at, now):
    state = invitation_state(status, expires_at, now)
    if state != "pending":
        # A lifecycle state, not a rule: OR4 is who may invite (403); see tests/test_rule_statuses.py.
        raise Conflict(INVITATION_CLOSED.get(state, N_("This invitation is closed.")))


def support_grant_active(granted_at, revoked_at, now):
    """OR12: a grant counts until revoked, and never beyond 7 days after it was given."""
    return granted_at is not None and revoked_at is None and now < granted_at + SUPPORT_GRANT_LIFETIME


# -- OR14: the one access check ---------------------------------------------------------
def membership_facts(membership_id, role, external, product_ids, billing_rights):
    """A membership as decide_access reads it, whether it comes from a row or a model."""
    return {"id": membership_id, "role": role, "external": external, "product_ids": product_ids or [],
            "billing_rights": billing_rights}


PRODUCT_ACTIONS = ("product.read", "product.manage")
BILLING_ACTIONS = ("billing.read", "billing.manage")
# The organization-wide actions only managers take, each with the rule that says so; where
# DOMAIN.md names no one (teams, audit), it is our choice in the access check (OR14).
MANAGER_ACTIONS = {"organization.update": "OR10", "members.manage": "OR4", "teams.manage": "OR14",
                   "invitations.manage": "OR4", "support.manage": "OR12", "audit.read": "OR14"}
# What a person is told when refused one of them (the access check's reasons are for services).
REFUSALS = {
    "organization.update": N_("Only administrators and legal representatives can change the organization's "
                              "details (OR10)."),
    "members.manage": N_("Only administrators and legal representatives can manage members (OR4)."),
    "teams.manage": N_("Only administrators and legal representatives can manage work teams (OR14)."),
    "invitations.manage": N_("Only administrators and legal representatives can manage invitations (OR4)."),
    "support.manage": N_("Only administrators and legal representatives can grant or revoke support access (OR12)."),
    "audit.read": N_("Only administrators and legal representatives can read the audit log (OR14)."),
    "organization.delete": N_("Only a legal representative can delete the organization (OR14)."),
    "partner.represent": N_("Only a legal representative can do this for the organization (PA1, PA4, PA5, PA10)."),
    "partner.manage": N_("Only administrators and legal representatives can do this (PA7, PX2, PX3)."),
}
# The partner programme's acts (issue 11): `partner.represent` is what only the organization's
# legal representatives do (apply PA1, add clients PA4, authorize a partner PA5, stop a link
# PA10); `partner.manage` what its administrators do too (assign staff PA7, read the partner
# activity PX2, decide elevations PX3). Neither is ever allowed through a delegation.
PARTNER_ACTIONS = {"partner.represent": "PA5", "partner.manage": "PA7"}
ACTIONS = (("organization.read", "organization.delete") + tuple(MANAGER_ACTIONS) + tuple(PARTNER_ACTIONS)
           + PRODUCT_ACTIONS + BILLING_ACTIONS)


def _allow(reason, kind, ident):
    return {"decision": "allow", "reason": reason, "via": {"kind": kind, "id": str(ident)}}


def _deny(reason):
    return {"decision": "deny", "reason": reason, "via": None}


def _membership_decision(action, product_id, membership, team_grants):
    role, mid = membership["role"], membership["id"]
    # OR3: an external member has limited rights: never the organization-wide ones.
    manager = is_manager(role) and not membership.get("external")
    if action == "organization.read":
        return _allow("member of the organization", "membership", mid)
    if action == "organization.delete":
        if role == LEGAL_REPRESENTATIVE and not membership.get("external"):
            return _allow("legal representative (OR14)", "membership", mid)
        return _deny("only a legal representative can delete the organization (OR14)")
    if action == "partner.represent":
        if role == LEGAL_REPRESENTATIVE and not membership.get("external"):
            return _allow("legal representative (PA1, PA4, PA5, PA10)", "membership", mid)
        return _deny("only a legal representative may do this (PA1, PA4, PA5, PA10)")
    if action == "partner.manage":
        return _allow(f"{role} (PA7)", "membership", mid) if manager else _deny(
            "only administrators and legal representatives may do this (PA7)")
    if action in MANAGER_ACTIONS:
        rule = MANAGER_ACTIONS[action]
        return _allow(f"{role} ({rule})", "membership", mid) if manager else _deny(
            f"only administrators and legal representatives may do this ({rule})")
    if action in BILLING_ACTIONS:
        if role == LEGAL_REPRESENTATIVE or membership.get("billing_rights"):
            return _allow("billing rights (OR6, BI13)", "membership", mid)
        return _deny("no billing rights (OR6, BI13)")
    if manager:
        return _allow(f"{role} reaches every product (OR6)", "membership", mid)
    if product_id is None:
        return _deny("a collaborator reaches only granted products: name one (OR6)")
    if product_id in [str(p) for p in membership.get("product_ids") or []]:
        return _allow("product granted to the member (OR6)", "grant", mid)
    for team_id, products in team_grants:
        if product_id in (products or []):
            return _allow("product granted to a work team of the member (OR6, OR11)", "team", team_id)
    return _deny("product not granted to the member nor to any of their teams (OR6)")


def delegation_active(status, ends_at, now):
    """PA5, PA10, PX1: a grant counts while its link is active and, when it has an end, until
    that instant on the shared clock, whether or not the ending event has arrived."""
    return status == "active" and (ends_at is None or (now is not None and now < ends_at))


def elevation_active(status, expires_at, now):
    """PX3: an approved elevation counts until `expires_at` = approval + its hours."""
    return status == "approved" and expires_at is not None and now is not None and now < expires_at


def _rights_of(delegation, product_id):
    """What the grant's scope allows on one product: (read, manage)."""
    if delegation["scope"] == "full":
        return True, True
    rights = (delegation.get("products") or {}).get(str(product_id)) if product_id else None
    if not rights:
        return False, False
    return bool(rights.get("technical") or rights.get("statistics")), bool(rights.get("technical"))


def delegation_holder(delegation):
    """PA7: how the subject holds grant G through its partner: ("role", role) for the partner's
    legal representatives and administrators (the whole grant), ("assignment", assignment) for
    a collaborator assigned to the client, None for an unassigned collaborator (nothing)."""
    role = delegation.get("partner_role")
    if role in MANAGERS:
        return "role", role
    assignment = delegation.get("assignment")
    if assignment is not None and assignment.get("active", True):
        return "assignment", assignment
    return None


def _delegation_decision(action, product_id, delegation, elevations, now):
    """The decision grant G gives this subject: allow, or a deny naming why (None: G says nothing)."""
    did = delegation["id"]
    if not delegation_active(delegation.get("status", "active"), delegation.get("ends_at"), now):
        return _deny(f"partner delegation {did} has ended (PA10, PX1)")
    holder = delegation_holder(delegation)
    if holder is None:
        return _deny(f"partner delegation {did}: a collaborator of the partner acts only on the clients "
                     "assigned to them (PA7)")
    if action not in ("organization.read",) + PRODUCT_ACTIONS + BILLING_ACTIONS:
        return _deny(f"partner delegation {did}: {action} is never delegated; it stays the client's (PA6)")
    kind, what = holder
    narrowed = what.get("products") if kind == "assignment" else None  # None: everything G grants
    how = (f"as the partner's {what} (PA6)" if kind == "role"
           else f"through assignment {what['id']} (PA6, PA7)")
    scope = f"partner delegation {did} ({delegation['scope']} access)"
    if action == "organization.read":
        return _allow(f"{scope} {how}", "delegation", did)
    if action in BILLING_ACTIONS:
        # PA5: billing only with full access; PA7: only for staff assigned to the whole grant.
        if delegation["scope"] == "full" and delegation.get("billing") and narrowed is None:
            return _allow(f"{scope} entrusts billing, {how}", "delegation", did)
        return _deny(f"{scope} does not entrust billing to this subject (PA5, PA7)")
    if product_id is None:  # every product at once: only the whole account, unnarrowed
        if delegation["scope"] == "full" and narrowed is None:
            return _allow(f"{scope} gives every product, {how}", "delegation", did)
        return _deny(f"{scope}: name the product (PA6, PA7)")
    read, manage = _rights_of(delegation, product_id)
    if narrowed is not None and str(product_id) not in [str(p) for p in narrowed]:
        read = manage = False  # PA7: the assignment names other products
    if manage or (action == "product.read" and read):
        return _allow(f"{scope} covers this product {how}", "delegation", did)
    for elevation in elevations:  # PX3: read only when the grant itself does not allow
        if (str(elevation["link_id"]) == str(did) and str(elevation["product_id"]) == str(product_id)
                and elevation_active(elevation.get("status", "approved"), elevation["expires_at"], now)):
            return _allow(f"{scope}: elevation {elevation['id']} gives technical rights on this product until "
                          f"{elevation['expires_at'].isoformat()} (PX3), {how}", "delegation", did)
    return _deny(f"{scope} does not cover this product for this subject (PA6, PA7)")


def decide_access(action, product_id=None, membership=None, team_grants=(), delegations=(), elevations=(),
                  now=None):
    """OR14: may this subject do `action` (on `product_id`) in the organization?

    membership: {"id", "role", "external", "product_ids", "billing_rights"} or None;
    team_grants: [(team_id, product_ids)] of the member's teams; delegations: the delegated
    grants of the partner organizations the subject is an internal member of, each
    {"id" (the link), "status", "ends_at", "scope", "products", "billing", "partner_role"
    (the subject's role in the partner), "assignment" (None or {"id", "products", "active"})};
    elevations: the subject's approved elevations here, {"id", "link_id", "product_id",
    "expires_at"}; now: the shared clock's instant (naive UTC, as stored).
    A direct membership that allows wins; otherwise the first delegation that allows.
    Teams, delegations and elevations are iterated only when the decision needs them, so a
    caller may pass lazy iterables that query on first use.
    """
    if action not in ACTIONS:
        return _deny(f"unknown action {action!r}")
    product_id = str(product_id) if product_id else None
    decision = None
    if membership is not None:
        decision = _membership_decision(action, product_id, membership,
                                        ((t, [str(p) for p in ps or []]) for t, ps in team_grants))
        if decision["decision"] == "allow":
            return decision
    elevations = _Once(elevations)
    for delegation in delegations:
        answer = _delegation_decision(action, product_id, delegation, elevations, now)
        if answer["decision"] == "allow":
            return answer
        decision = decision or answer
    return decision or _deny("not a member of the organization and no delegation covers it (PA6)")


class _Once:
    """An iterable read at most once however often it is iterated (lazy elevations, several grants)."""

    def __init__(self, iterable):
        self._source, self._items = iterable, None

    def __iter__(self):
        if self._items is None:
            self._items = list(self._source)
        return iter(self._items)
