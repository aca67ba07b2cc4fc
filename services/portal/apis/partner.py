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


# -- client side (portal-client) -------------------------------------------------------------
# The client organization's view of its partners (PA5, PA8, PA10, PX1): requests to decide,
# links to change or stop, partners to find and authorize. Scope shape: {"scope": "limited" |
# "full", "products": {product_id: {"technical", "statistics"}} (limited), "billing" (full)}.

def _client(organization_id, path=""):
    return f"/v1/clients/{organization_id}/links{path}"


def client_links(organization_id, status=None):
    """The client's links (all, or of one status), newest first."""
    answer = base.get(SERVICE, _client(organization_id), **_given(status=status))
    return answer["items"] if isinstance(answer, dict) else answer


def client_link(organization_id, link_id):
    return base.get(SERVICE, _client(organization_id, f"/{link_id}"))


def authorize_partner(organization_id, partner_organization_id, terms, key=None):
    """PA5 on the client's own initiative: `terms` = {scope, payer, ends_at?, auto_extend?}; the active link."""
    return _create(_client(organization_id), {"partner_organization_id": str(partner_organization_id), **terms}, key)


def approve_link(organization_id, link_id, terms):
    """PA5: `terms` may leave out the scope (then as requested), payer, ends_at, auto_extend."""
    return base.post(SERVICE, _client(organization_id, f"/{link_id}/approval"), terms)


def decline_link(organization_id, link_id):
    return base.post(SERVICE, _client(organization_id, f"/{link_id}/decline"))


def change_scope(organization_id, link_id, scope):
    """PA5: the partner is mailed."""
    return base.put(SERVICE, _client(organization_id, f"/{link_id}/scope"), scope)


def change_payer(organization_id, link_id, payer):
    """PA8: "partner" only with full access."""
    return base.put(SERVICE, _client(organization_id, f"/{link_id}/payer"), {"payer": payer})


def change_end(organization_id, link_id, ends_at, auto_extend):
    """PX1: an end 1 day to 2 years ahead (None: no end), extended by 180 days when `auto_extend`."""
    return base.put(SERVICE, _client(organization_id, f"/{link_id}/end"),
                    {"ends_at": ends_at, "auto_extend": auto_extend})


def request_stop(organization_id, link_id):
    """PA10's first confirmation: {token, expires_at} for the second one."""
    return base.post(SERVICE, _client(organization_id, f"/{link_id}/stop-request"))


def stop_link(organization_id, link_id, token, password):
    """PA10's second confirmation, with the person's password (checked by identity)."""
    return base.post(SERVICE, _client(organization_id, f"/{link_id}/stop"), {"token": token, "password": password})


# -- partner money (issue 12): PX4 health, PA11 cashback, PX6 webhooks -------------------------

def _money(partner_id, path=""):
    return f"/v1/partners/{partner_id}{path}"


def health(partner_id):
    """PX4: {threshold, forecast, links_ending, renewals, unpaid_invoices, cashback, cashback_due}."""
    return base.get(SERVICE, _money(partner_id, "/health"))


def cashback_statements(partner_id, cursor=None, limit=None):
    """PA11: the monthly statements, newest first: {items, next_cursor}."""
    return base.get(SERVICE, _money(partner_id, "/cashback/statements"), **_given(cursor=cursor, limit=limit))


def cashback_statement(partner_id, statement_id):
    """One statement with its entries."""
    return base.get(SERVICE, _money(partner_id, f"/cashback/statements/{statement_id}"))


def cashback_entries(partner_id, month):
    """The entries (accruals and reversals) of one month, YYYY-MM."""
    answer = base.get(SERVICE, _money(partner_id, "/cashback/entries"), month=month)
    return answer["items"] if isinstance(answer, dict) else answer


def webhooks(partner_id):
    """PX6: the partner's subscriptions."""
    answer = base.get(SERVICE, _money(partner_id, "/webhooks"))
    return answer["items"] if isinstance(answer, dict) else answer


def create_webhook(partner_id, subscription, key=None):
    """{url, events, description}: the subscription with its `secret` (shown this once)."""
    return _create(_money(partner_id, "/webhooks"), subscription, key)


def webhook(partner_id, webhook_id):
    return base.get(SERVICE, _money(partner_id, f"/webhooks/{webhook_id}"))


def update_webhook(partner_id, webhook_id, changes):
    """{active?, events?, url?, description?}"""
    return base.patch(SERVICE, _money(partner_id, f"/webhooks/{webhook_id}"), changes)


def delete_webhook(partner_id, webhook_id):
    return base.delete(SERVICE, _money(partner_id, f"/webhooks/{webhook_id}"))


def deliveries(partner_id, webhook_id, cursor=None, limit=None):
    """The delivery log, newest first: {items, next_cursor}."""
    return base.get(SERVICE, _money(partner_id, f"/webhooks/{webhook_id}/deliveries"),
                    **_given(cursor=cursor, limit=limit))


def replay(partner_id, webhook_id, delivery_id):
    """Send a delivery again (a new attempt, the same body)."""
    return base.post(SERVICE, _money(partner_id, f"/webhooks/{webhook_id}/deliveries/{delivery_id}/replay"))
