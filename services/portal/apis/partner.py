"""partner's API as the signed-in person: applications (PA1, PA3), partners (PA5's search),
the partner side of client links (PA4, PA7, PA10, PX1) and staff's review of applications
(tokens with the `staff` scope). A creating POST carries the form's Idempotency-Key, so that
a form sent twice applies or invites once. Lists answer {items, next_cursor}."""
from . import base

SERVICE = "partner"


def _create(path, body, key=None):
    return base.call(SERVICE, "POST", path, json=body, headers={"Idempotency-Key": key} if key else None)


def _given(**params):
    return {name: value for name, value in params.items() if value not in (None, "")}


# -- applications (PA1, PA3) -----------------------------------------------------------------

def apply(organization_id, application, key=None):
    """{legal_name, register_country, register_number, website, conditions_version,
    accept_conditions}: the pending application (manual_review, website check)."""
    return _create(f"/v1/organizations/{organization_id}/application", application, key)


def application(organization_id):
    """The organization's latest application (NotFound when it never applied)."""
    return base.get(SERVICE, f"/v1/organizations/{organization_id}/application")


def partner_status(organization_id):
    """{organization_id, name, status, approved_at} (NotFound when not a partner)."""
    return base.get(SERVICE, f"/v1/organizations/{organization_id}/partner")


def partners(query):
    """Approved partners by name (2+ characters) or legal representative's exact email (at most 20)."""
    return base.get(SERVICE, "/v1/partners", q=query)


# -- staff: reviewing applications -----------------------------------------------------------

def applications(status=None, cursor=None, limit=None):
    return base.get(SERVICE, "/v1/applications", **_given(status=status, cursor=cursor, limit=limit))


def application_by_id(application_id):
    return base.get(SERVICE, f"/v1/applications/{application_id}")


def approve_application(application_id):
    return base.post(SERVICE, f"/v1/applications/{application_id}/approval", {})


def reject_application(application_id, reason):
    return base.post(SERVICE, f"/v1/applications/{application_id}/rejection", {"reason": reason})


# -- the partner's clients (PA4, PA7, PA10, PX1) ---------------------------------------------

def _links(partner_id, path=""):
    return f"/v1/partners/{partner_id}/links{path}"


def links(partner_id, status=None, query=None, cursor=None, limit=None):
    """Newest first; `query`: part of the client's name or email."""
    return base.get(SERVICE, _links(partner_id), **_given(status=status, q=query, cursor=cursor, limit=limit))


def link(partner_id, link_id):
    return base.get(SERVICE, _links(partner_id, f"/{link_id}"))


def request_link(partner_id, request, key=None):
    """{client: {organization_id} | {email} | {new_organization}, scope: {scope, products,
    billing}, payer, ends_at?, auto_extend?}: the pending link."""
    return _create(_links(partner_id), request, key)


def resend_link(partner_id, link_id):
    return base.post(SERVICE, _links(partner_id, f"/{link_id}/resend"))


def withdraw_link(partner_id, link_id):
    return base.post(SERVICE, _links(partner_id, f"/{link_id}/withdrawal"))


def assignments(partner_id, link_id):
    return base.get(SERVICE, _links(partner_id, f"/{link_id}/assignments"))


def assign(partner_id, link_id, account_id, products=None):
    """PA7: `products` None = everything the link grants."""
    return base.put(SERVICE, _links(partner_id, f"/{link_id}/assignments/{account_id}"), {"products": products})


def unassign(partner_id, link_id, account_id):
    return base.delete(SERVICE, _links(partner_id, f"/{link_id}/assignments/{account_id}"))


def stop_request(partner_id, link_id):
    """PA10's first step: {token, expires_at} for the second."""
    return base.post(SERVICE, _links(partner_id, f"/{link_id}/stop-request"))


def stop(partner_id, link_id, token, password):
    """PA10's second step: identity checks the password; access ends at once."""
    return base.post(SERVICE, _links(partner_id, f"/{link_id}/stop"), {"token": token, "password": password})
