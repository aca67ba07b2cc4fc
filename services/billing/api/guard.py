"""BI13 at the HTTP edge: orgs' access check decides who reads or manages an organization's
billing; a denied billing.* check answers 404, so that someone without billing rights learns
nothing about invoices, not even that the organization has any."""
from flask import current_app, g

from services.common.errors import NotFound


def billing_access(organization_id, action="billing.read"):
    """The allowing decision (its `via` says how the caller reached the organization), else NotFound."""
    decision = current_app.extensions["access_client"].check(g.account_id, action, organization_id)
    if decision["decision"] != "allow":
        raise NotFound("No such organization, or no billing rights in it.")
    return decision
