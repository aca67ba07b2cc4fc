"""Whether the person has billing rights in an organization (BI13), to leave out of the
navigation what billing would refuse. orgs decides: a legal representative always has them,
anyone else when their membership says so. Billing still answers for itself (404)."""
from flask import g, session

from services.common import clock
from services.common.errors import DomainError, Unavailable

from ... import context
from ...apis import orgs

REMEMBERED_SECONDS = 300  # a change of rights shows in the navigation within 5 minutes


def billing_rights(organization):
    if not organization:
        return False
    if organization.get("my_role") == "legal_representative":
        return True
    known = g.setdefault("billing_rights", {})
    if organization["id"] not in known:
        known[organization["id"]] = _remembered(organization["id"])
    return known[organization["id"]]


def _remembered(organization_id):
    saved = session.get("billing_rights") or {}
    rights, until = saved.get(organization_id, (None, 0))
    if rights is not None and until > clock.timestamp():
        return rights
    try:
        me = context.me()["id"]
        rights = any(m["account_id"] == me and m.get("billing_rights") for m in orgs.members(organization_id))
    except Unavailable:
        return True  # offer the page; billing decides when it is opened
    except DomainError:
        rights = False
    session["billing_rights"] = {**{k: v for k, v in saved.items() if v[1] > clock.timestamp()},
                                 organization_id: (rights, clock.timestamp() + REMEMBERED_SECONDS)}
    return rights


def may_see_billing(layout):
    """The navigation's test (pages.navigation): the layout's current organization."""
    return billing_rights(layout.get("current_organization"))
