"""Who may see and do what in an organization's billing (BI13), as orgs' access check decides.

Billing never decides itself: it asks `app.extensions["access_client"]`. A denied billing.*
check is a 404, not a 403: someone without billing rights learns nothing about invoices,
payments or the prepaid account, not even that they exist.
"""
from flask import current_app, g

from services.common.errors import NotFound

READ, MANAGE = "billing.read", "billing.manage"


def billing_access(action, organization_id):
    """The person acting, as events' OrderedBy names them, once orgs allows `action`."""
    decision = current_app.extensions["access_client"].check(g.account_id, action, organization_id)
    if decision["decision"] != "allow":
        raise NotFound("No such organization, or no billing rights in it.", rule="BI13")
    via = decision.get("via") or {}
    return {"account_id": g.account_id, "via_kind": via.get("kind"), "via_id": via.get("id")}


def families():
    """{product type: family} of the catalogue, for the facts an issued invoice's event carries."""
    return {product.id: product.family for product in current_app.extensions["catalogue"].products}
