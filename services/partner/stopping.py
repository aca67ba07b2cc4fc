"""PA10: either side's legal representative stops an active link in two steps. The first gives a
token valid 10 minutes (only its SHA-256 is stored); the second presents it with the person's
password, which identity checks (`POST /v1/accounts/{id}/reauthentication`; partner never sees
a password hash). Access ends at once (status stopped, the event tells orgs and billing) and
both sides are mailed. A wrong password or token changes nothing."""
import hashlib
import secrets
from datetime import timedelta

from services.common import clock
from services.common.contacts import legal_representatives
from services.common.errors import RuleViolation

from . import link_mails, service
from .client_links import client_link
from .link_events import changed
from .links import partner_link
from .models import StopRequest, db

TOKEN_LIFETIME = timedelta(minutes=10)
SIDES = {"partner": partner_link, "client": client_link}


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def request_stop(access, account_id, side, organization_id, link_id):
    """The first confirmation: {token, expires_at}; the token is shown once, never stored."""
    access.require(account_id, "partner.represent", organization_id)
    token, expires_at = secrets.token_urlsafe(32), clock.utcnow() + TOKEN_LIFETIME
    with db.atomic():
        link = _active(SIDES[side](organization_id, link_id))
        StopRequest.create(link=link.id, side=side, account_id=account_id, token_hash=_digest(token),
                           expires_at=expires_at)
    return {"token": token, "expires_at": expires_at}


def stop(access, identity, orgs, account_id, side, organization_id, link_id, token, password):
    """The second confirmation: the token of the first and the person's password (PA10)."""
    access.require(account_id, "partner.represent", organization_id)
    link = _active(SIDES[side](organization_id, link_id))
    _request(link, side, account_id, token)
    identity.post(f"/v1/accounts/{account_id}/reauthentication", {"password": password})
    people = (legal_representatives(orgs, link.partner_organization_id)
              + legal_representatives(orgs, link.client_organization_id))
    now = clock.utcnow()
    with db.atomic():
        link = _active(SIDES[side](organization_id, link_id))
        used = StopRequest.update(used_at=now).where((StopRequest.id == _request(link, side, account_id, token).id)
                                                     & StopRequest.used_at.is_null()).execute()
        if not used:
            raise RuleViolation("PA10", "This confirmation was already used; ask for a new one.")
        changed(link, "stopped", account_id, side, status="stopped", closed_by=account_id, closed_side=side,
                closed_at=now)
        link_mails.stopped(people, service.organization_name(link.partner_organization_id),
                           service.organization_name(link.client_organization_id), side)
    return link


def _request(link, side, account_id, token):
    found = StopRequest.get_or_none((StopRequest.token_hash == _digest(token)) & (StopRequest.link == link.id)
                                    & (StopRequest.side == side) & (StopRequest.account_id == account_id)
                                    & StopRequest.used_at.is_null() & (StopRequest.expires_at > clock.utcnow()))
    if found is None:
        raise RuleViolation("PA10", "This confirmation is unknown, used or expired; ask for a new one.")
    return found


def _active(link):
    if link.status != "active":
        raise RuleViolation("PA10", f"Only an active link can be stopped; this link is {link.status}.")
    return link
