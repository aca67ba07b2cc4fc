"""PA5-PA7, PX1: the partner service's links and assignments as orgs keeps them, for the access
check (access.py) to decide with. Filled by the events, in the consumer's transaction.

Every `partner.link.*` event carries the link's whole state and its `version`; so does
`partner.assignment.changed`. A row keeps the highest version seen: an older or equal one
(a redelivery, an event overtaken by a later one) changes nothing.

PA5's upgrade: when a link becomes active, the client's external members who are internal
members of the partner are marked `via_link_id` = the link (listed so in the members list,
audited). Their access is then their external membership's plus what the link gives them as
partner staff (the access check combines both); they stay external members of the client.
When the link stops being active, the mark is taken away again (audited too).
"""
from . import audit
from .models import DelegatedAssignment, DelegatedGrant, Membership


def _grant_values(state):
    return {"partner_organization_id": state["partner_organization_id"],
            "client_organization_id": state["client_organization_id"],
            "scope": state["scope"] or "limited",  # a scope-less state grants nothing: no product named
            "products": {str(p): dict(r) for p, r in (state["products"] or {}).items()} or None,
            "billing": state["billing"], "payer": state["payer"], "ends_at": state["ends_at"],
            "auto_extend": state["auto_extend"], "version": state["version"],
            "status": "active" if state["status"] == "active" else "ended"}


def apply_link_state(state):
    """Keep the link's state when newer than the stored one; True when it was applied."""
    link_id, values = state["link_id"], _grant_values(state)
    previous = (DelegatedGrant.select(DelegatedGrant.status, DelegatedGrant.version)
                .where(DelegatedGrant.id == link_id).first())
    if previous is None:
        DelegatedGrant.insert(id=link_id, **values).execute()  # a concurrent twin fails and is retried
    else:
        if previous.version >= values["version"]:
            return False
        updated = (DelegatedGrant.update(**values)
                   .where((DelegatedGrant.id == link_id) & (DelegatedGrant.version < values["version"])).execute())
        if not updated:
            return False
    was_active = previous is not None and previous.status == "active"
    if values["status"] == "active" and not was_active:
        upgrade_external_members(link_id, values["partner_organization_id"], values["client_organization_id"])
    elif values["status"] != "active" and was_active:
        end_upgrades(link_id, values["client_organization_id"], state["status"])
    return True


def upgrade_external_members(link_id, partner_organization_id, client_organization_id):
    """PA5: the partner's own people already present in the client as external members."""
    partner_staff = Membership.select(Membership.account_id).where(
        (Membership.organization == partner_organization_id) & (Membership.external == False))  # noqa: E712
    upgraded = list(Membership.select().where(
        (Membership.organization == client_organization_id) & (Membership.external == True)  # noqa: E712
        & Membership.account_id.in_(partner_staff) & Membership.via_link_id.is_null()))
    for member in upgraded:
        Membership.update(via_link_id=link_id).where(Membership.id == member.id).execute()
        audit.record(client_organization_id, None, "member.upgraded", member.account_id, delegation_id=link_id,
                     detail=f"external member upgraded: partner {partner_organization_id}'s link {link_id} "
                            "started (PA5)")
    return [m.account_id for m in upgraded]


def end_upgrades(link_id, client_organization_id, link_status):
    ended = list(Membership.select(Membership.id, Membership.account_id).where(
        (Membership.organization == client_organization_id) & (Membership.via_link_id == link_id)))
    for member in ended:
        Membership.update(via_link_id=None).where(Membership.id == member.id).execute()
        audit.record(client_organization_id, None, "member.upgrade_ended", member.account_id,
                     delegation_id=link_id, detail=f"link {link_id} is {link_status} (PA5, PA10)")


def apply_assignment_state(state):
    """PA7: keep the assignment's state when newer than the stored one; True when applied."""
    values = {"link_id": state["link_id"], "account_id": state["account_id"], "active": state["active"],
              "products": [str(p) for p in state["products"]] if state["products"] is not None else None,
              "version": state["version"]}
    assignment_id = state["assignment_id"]
    previous = DelegatedAssignment.select(DelegatedAssignment.version).where(
        DelegatedAssignment.id == assignment_id).first()
    if previous is None:
        DelegatedAssignment.insert(id=assignment_id, **values).execute()
        return True
    if previous.version >= values["version"]:
        return False
    return DelegatedAssignment.update(**values).where(
        (DelegatedAssignment.id == assignment_id) & (DelegatedAssignment.version < values["version"])).execute() == 1

