"""Membership use cases (OR3-OR9): list, change role and rights, remove, leave."""
from services.common.clock import utcnow
from services.common.errors import NotFound
from services.common.i18n import N_

from . import accounts, audit, domain, guard, mails
from .models import Membership, Team, TeamMember, db, messages, outbox


def list_members(organization_id, actor_id):
    """OR3: external members are left out of organization-wide sharing: they see only themselves."""
    me = guard.member_only(organization_id, actor_id)
    if me.external:
        return accounts.with_profiles([me])
    return accounts.with_profiles(Membership.select().where(Membership.organization == organization_id)
                                  .order_by(Membership.created_at))


def _member(organization_id, account_id):
    member = Membership.get_or_none((Membership.organization == organization_id) & (Membership.account_id == account_id))
    if member is None:
        raise NotFound(N_("No such member in this organization."))
    return member


def _roles(organization_id):
    return {str(m.account_id): m.role for m in Membership.select(Membership.account_id, Membership.role)
            .where(Membership.organization == organization_id)}


def update_member(organization_id, actor_id, account_id, changes):
    """Role (OR5, OR7, OR9), external flag (OR3), products, billing rights, contacts (OR4, OR6)."""
    actor = guard.authorize(organization_id, actor_id, "members.manage", account_id)
    with db.atomic():
        member = _member(organization_id, account_id)
        old_role, new_role = member.role, changes.get("role", member.role)
        if new_role != old_role:
            domain.ensure_may_assign_role(actor.role, new_role)
            domain.ensure_may_take_legal_representative_role(actor.role, old_role)
            domain.ensure_not_last_legal_representative(_roles(organization_id), str(account_id), new_role)
        for field in ("role", "external", "billing_rights"):
            if field in changes:
                setattr(member, field, changes[field])
        if "product_ids" in changes:
            member.product_ids = [str(p) for p in changes["product_ids"]]
        if "contact_preferences" in changes:
            member.contact_preferences = changes["contact_preferences"]
        member.save()
        audit.record(organization_id, actor_id, "member.update", account_id, detail=", ".join(sorted(changes)))
        if new_role != old_role:
            outbox.emit("orgs.member.role_changed", {
                "organization_id": organization_id, "account_id": account_id, "old_role": old_role,
                "new_role": new_role, "changed_by": actor_id})
            if member.email:  # OR9: the member gets a summary, mailed once the change is committed
                messages.mail(member.email, *mails.role_change_summary(
                    accounts.language_of(account_id), actor.organization.name, old_role, new_role, utcnow()))
    return member


def _remove(organization_id, actor_id, account_id, reason):
    with db.atomic():
        member = _member(organization_id, account_id)
        domain.ensure_not_last_legal_representative(_roles(organization_id), str(account_id), None)
        teams = Team.select(Team.id).where(Team.organization == organization_id)
        TeamMember.delete().where((TeamMember.team.in_(teams)) & (TeamMember.account_id == account_id)).execute()
        Team.update(lead_account_id=None).where(
            (Team.organization == organization_id) & (Team.lead_account_id == account_id)).execute()
        member.delete_instance()
        outbox.emit("orgs.member.removed", {"organization_id": organization_id, "account_id": account_id,
                                            "reason": reason, "removed_by": actor_id})
        audit.record(organization_id, actor_id, f"member.{reason}", account_id)


def remove_member(organization_id, actor_id, account_id):
    """OR4 managers remove members; OR5 a legal representative only by another one; OR7 never
    the last legal representative."""
    actor = guard.authorize(organization_id, actor_id, "members.manage", account_id)
    member = _member(organization_id, account_id)
    domain.ensure_may_take_legal_representative_role(actor.role, member.role)
    _remove(organization_id, actor_id, account_id, "removed")


def leave(organization_id, account_id):
    """OR8: anyone may leave, except the last legal representative (OR7) and a member bound to
    one of the organization's products."""
    member = guard.membership_of(organization_id, account_id)
    domain.ensure_not_bound_to_a_product(member.bound_products)
    _remove(organization_id, account_id, account_id, "left")


def _without(member, product_id):
    """The membership's product bindings other than `product_id`'s."""
    return [b for b in member.bound_products or [] if b["product_id"] != str(product_id)]


def bind_to_product(organization_id, account_id, product_id, kind, label, client_id):
    """OR8, for the product's service: this membership now backs a login of that product."""
    with db.atomic():
        member = _member(organization_id, account_id)
        member.bound_products = _without(member, product_id) + [
            {"product_id": str(product_id), "kind": kind, "label": label}]
        member.save()
        what = f"{kind} {label}" if label else kind
        audit.record(organization_id, None, "member.bound_to_product", account_id,
                     detail=f"{what} of product {product_id}, by {client_id}")
    return member


def release_from_product(organization_id, account_id, product_id, client_id):
    """OR8: the product no longer needs this membership; leaving is possible again."""
    with db.atomic():
        member = _member(organization_id, account_id)
        others = _without(member, product_id)
        if len(others) == len(member.bound_products or []):
            raise NotFound(N_("This membership is not bound to that product."))
        member.bound_products = others or None
        member.save()
        audit.record(organization_id, None, "member.released_from_product", account_id,
                     detail=f"product {product_id}, by {client_id}")
    return member
