"""Who is signed in and which organization they are working in (ID11), for every page."""
import logging

from flask import g, session

from services.common.errors import Unavailable
from services.common.i18n import language_of

from . import signin
from .apis import identity, orgs

log = logging.getLogger(__name__)


def remember_me():
    """After sign-in (and after a profile change): the person's account from identity."""
    account = identity.me()
    session["me"] = {key: account.get(key) for key in ("id", "email", "first_name", "last_name", "language")}
    if language_of(account.get("language")):
        session["language"] = account["language"]
    return session["me"]


def me():
    return session.get("me") or remember_me()


def organizations():
    """The organizations the person belongs to, asked once per request (a failure too: the
    error page that follows does not wait for orgs a second time)."""
    if "organizations_error" in g:
        raise g.organizations_error
    if "organizations" not in g:
        try:
            g.organizations = orgs.my_organizations()
        except Unavailable as error:
            g.organizations_error = error
            raise
    return g.organizations


def layout():
    """What every signed-in page's layout shows: the switcher (ID11) and the person. Without
    the switcher when orgs is not answering, so that the page, or the page saying a service is
    down, still renders; signed out when the tokens were refused meanwhile."""
    try:
        return {"signed_in": True, "organizations": organizations(), "current_organization": current_organization(),
                "me": me()}
    except Unavailable:
        log.warning("the layout is shown without the organization switcher")
        return {"signed_in": True, "organizations": [], "current_organization": None, "me": session.get("me") or {}}
    except signin.SignInAgain:
        return {"signed_in": False}


def current_organization():
    """The organization chosen with the switcher, else the first one (None if there is none)."""
    mine = organizations()
    chosen = session.get("organization_id")
    found = next((o for o in mine if o["id"] == chosen), None) or (mine[0] if mine else None)
    if found and found["id"] != chosen:
        session["organization_id"] = found["id"]
    return found


def choose_organization(organization_id):
    """ID11: switch without signing out; only to an organization the person belongs to."""
    if not any(o["id"] == organization_id for o in organizations()):
        return False
    session["organization_id"] = organization_id
    return True
