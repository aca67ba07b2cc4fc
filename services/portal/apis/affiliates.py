"""partner's affiliate programme API as the signed-in person (PA15, PA3): joining for an
organization, its dashboard figures, referrals, commissions and payouts (paged {items,
next_cursor}), leaving. The organization's legal representative decides; partner refuses
the rest (404 for an organization the person does not reach)."""
from . import base
from .partner import _given  # the one way of leaving out empty query parameters

SERVICE = "partner"


def join(organization_id, key=None):
    """{code, link, ...}: the organization's affiliate; PA3 (422) for a partner or applicant,
    Conflict when it already joined."""
    return base.call(SERVICE, "POST", "/v1/affiliates", json={"organization_id": organization_id},
                     headers={"Idempotency-Key": key} if key else None)


def affiliate(organization_id):
    """{code, link, rate, status, currency, referrals: {signups, organizations, converted},
    balance, paid_total, months: [{month, earned, reversed, paid}] x 12} (NotFound: not one)."""
    return base.get(SERVICE, f"/v1/affiliates/{organization_id}")


def leave(organization_id):
    """Status ended: nothing new is attributed; commissions earned are still paid."""
    return base.post(SERVICE, f"/v1/affiliates/{organization_id}/leave")


def referrals(organization_id, cursor=None, limit=None):
    return base.get(SERVICE, f"/v1/affiliates/{organization_id}/referrals", **_given(cursor=cursor, limit=limit))


def commissions(organization_id, cursor=None, limit=None):
    return base.get(SERVICE, f"/v1/affiliates/{organization_id}/commissions", **_given(cursor=cursor, limit=limit))


def payouts(organization_id, cursor=None, limit=None):
    return base.get(SERVICE, f"/v1/affiliates/{organization_id}/payouts", **_given(cursor=cursor, limit=limit))
