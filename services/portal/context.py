"""Who is signed in and which organization they are working in (ID11), for every page."""
from flask import g, session

from services.common.i18n import language_of

from .apis import identity, orgs


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
    """The organizations the person belongs to, once per request."""
    if "organizations" not in g:
        g.organizations = orgs.my_organizations()
    return g.organizations


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
