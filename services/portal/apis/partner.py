"""partner's API as the signed-in person (the partner programme, PA1-PA10, PX1)."""
from . import base

SERVICE = "partner"


# -- client side (portal-client) -------------------------------------------------------------
# The client organization's view of its partners (PA5, PA8, PA10, PX1): requests to decide,
# links to change or stop, partners to find and authorize. Scope shape: {"scope": "limited" |
# "full", "products": {product_id: {"technical", "statistics"}} (limited), "billing" (full)}.

def _client(organization_id, path=""):
    return f"/v1/clients/{organization_id}/links{path}"


def find_partners(query):
    """Approved partners whose name contains `query` or whose legal representative's email is it:
    [{organization_id, name, currency}] (at most 20)."""
    return base.get(SERVICE, "/v1/partners", q=query)


def client_links(organization_id, status=None):
    """The client's links (all, or of one status), newest first."""
    answer = base.get(SERVICE, _client(organization_id), **({"status": status} if status else {}))
    return answer["items"] if isinstance(answer, dict) else answer


def client_link(organization_id, link_id):
    return base.get(SERVICE, _client(organization_id, f"/{link_id}"))


def authorize_partner(organization_id, partner_organization_id, terms, key=None):
    """PA5 on the client's own initiative: `terms` = {scope, payer, ends_at?, auto_extend?}; the active link."""
    return base.call(SERVICE, "POST", _client(organization_id), json={"partner_organization_id": str(
        partner_organization_id), **terms}, headers={"Idempotency-Key": key} if key else None)


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
