"""partner's calls for tenders (PA13), the only module that knows their paths: a visitor's
tender (public, with its verification and the poster key sent as header `Tender-Key`), a
client organization's tenders, a partner's inbox, answers and award, and staff's moderation.
Public calls carry no token and pass the visitor's address (partner's limits per IP count the
visitor, not the portal). A client's creating POST carries the form's Idempotency-Key. Lists answer
{items, next_cursor}."""
from . import base

SERVICE = "partner"


def _given(**params):
    return {name: value for name, value in params.items() if value not in (None, "")}


def _headers(**values):
    return {name: value for name, value in values.items() if value} or None


# -- a visitor: public, then the poster key ---------------------------------------------------

def post_visitor_tender(tender, visitor_ip):
    """{title, needs, products, speciality, budget, region, language, deadline, email, name}:
    {id, status: "unverified"}; the visitor gets a verification link by mail."""
    return base.call(SERVICE, "POST", "/v1/tenders", anonymous=True, json=tender,
                     headers=_headers(**{"X-Forwarded-For": visitor_ip}))


def verify(token, visitor_ip):
    """The mailed token: the tender opens and is delivered; the poster key is mailed."""
    return base.call(SERVICE, "POST", "/v1/tenders/verify", anonymous=True, json={"token": token},
                     headers=_headers(**{"X-Forwarded-For": visitor_ip}))


def _keyed(method, path, poster_key, body=None):
    return base.call(SERVICE, method, path, anonymous=True, headers={"Tender-Key": poster_key},
                     **({"json": body} if method == "POST" else {}))


def visitor_tender(tender_id, poster_key):
    """The tender with its answers (partner name and slug), for the holder of its key."""
    return _keyed("GET", f"/v1/tenders/{tender_id}", poster_key)


def visitor_accept(tender_id, poster_key, answer_id):
    return _keyed("POST", f"/v1/tenders/{tender_id}/accept", poster_key, {"answer_id": answer_id})


def visitor_withdraw(tender_id, poster_key):
    return _keyed("POST", f"/v1/tenders/{tender_id}/withdraw", poster_key, {})


# -- a client organization ---------------------------------------------------------------------

def _org(organization_id, path=""):
    return f"/v1/organizations/{organization_id}/tenders{path}"


def organization_tenders(organization_id, status=None, cursor=None, limit=None):
    return base.get(SERVICE, _org(organization_id), **_given(status=status, cursor=cursor, limit=limit))


def post_organization_tender(organization_id, tender, key=None):
    """The tender opens and is delivered at once."""
    return base.call(SERVICE, "POST", _org(organization_id), json=tender, headers=_headers(**{"Idempotency-Key": key}))


def organization_tender(organization_id, tender_id):
    return base.get(SERVICE, _org(organization_id, f"/{tender_id}"))


def organization_accept(organization_id, tender_id, answer_id):
    return base.post(SERVICE, _org(organization_id, f"/{tender_id}/accept"), {"answer_id": answer_id})


def organization_withdraw(organization_id, tender_id):
    return base.post(SERVICE, _org(organization_id, f"/{tender_id}/withdraw"), {})


# -- a partner: its inbox, answers and award ----------------------------------------------------

def _inbox(partner_id, path=""):
    return f"/v1/partners/{partner_id}/tenders{path}"


def inbox(partner_id, status=None, cursor=None, limit=None):
    """Only the tenders delivered to this partner (PA13), newest first."""
    return base.get(SERVICE, _inbox(partner_id), **_given(status=status, cursor=cursor, limit=limit))


def delivered(partner_id, tender_id):
    """The tender with this partner's own answer (`my_answer`), NotFound if not delivered to it."""
    return base.get(SERVICE, _inbox(partner_id, f"/{tender_id}"))


def answer(partner_id, tender_id, message, price):
    """{message, price: {min, max, currency}}; Conflict when the partner already answered."""
    return base.post(SERVICE, _inbox(partner_id, f"/{tender_id}/answers"), {"message": message, "price": price})


def award(partner_id, tender_id):
    """The pre-filled link request of an accepted answer: products, the poster, confirmation."""
    return base.get(SERVICE, _inbox(partner_id, f"/{tender_id}/award"))


def confirm_award(partner_id, tender_id, provider_products_only):
    """PA13: only with provider_products_only true; answers the partner-initiated link request."""
    return base.post(SERVICE, _inbox(partner_id, f"/{tender_id}/award/confirm"),
                     {"provider_products_only": provider_products_only})


# -- staff: moderation -------------------------------------------------------------------------

def staff_tenders(status=None, cursor=None, limit=None):
    return base.get(SERVICE, "/v1/staff/tenders", **_given(status=status, cursor=cursor, limit=limit))


def staff_remove(tender_id, reason):
    return base.post(SERVICE, f"/v1/staff/tenders/{tender_id}/remove", {"reason": reason})
