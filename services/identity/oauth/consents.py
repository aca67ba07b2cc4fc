"""Remembered consent (ID12): a person allows a third-party app some scopes once; asking again
for the same or fewer scopes shows no page, a new scope asks again, and the person can
withdraw an app's consent, which also ends the app's refresh tokens for them."""
from services.common.errors import NotFound
from services.common.clock import utcnow

from ..models import db
from .models import OAuthConsent, RefreshToken


def covers(account_id, client_id, scopes):
    """True when every scope asked was allowed to this app before. An empty request is never
    covered: the person would be agreeing to nothing they saw."""
    if not scopes:
        return False
    row = OAuthConsent.get_or_none((OAuthConsent.account == account_id) & (OAuthConsent.client_id == client_id))
    return row is not None and set(scopes) <= set(row.scopes.split())


def remember(account_id, client_id, scopes):
    with db.atomic():
        row = OAuthConsent.get_or_none((OAuthConsent.account == account_id) & (OAuthConsent.client_id == client_id))
        if row is None:
            OAuthConsent.create(account=account_id, client_id=client_id, scopes=" ".join(sorted(set(scopes))))
        else:
            row.scopes = " ".join(sorted(set(row.scopes.split()) | set(scopes)))
            row.granted_at = utcnow()
            row.save()


def consents(account_id):
    rows = OAuthConsent.select().where(OAuthConsent.account == account_id).order_by(OAuthConsent.client_id)
    return [{"client_id": r.client_id, "scopes": r.scopes.split(), "granted_at": r.granted_at} for r in rows]


def withdraw(account_id, client_id):
    """Forget the consent and revoke the app's live refresh tokens for this person."""
    with db.atomic():
        deleted = OAuthConsent.delete().where((OAuthConsent.account == account_id)
                                              & (OAuthConsent.client_id == client_id)).execute()
        if not deleted:
            raise NotFound("This app has no consent from you.")
        RefreshToken.update(revoked_at=utcnow()).where(
            (RefreshToken.account == account_id) & (RefreshToken.client_id == client_id)
            & RefreshToken.revoked_at.is_null()).execute()
