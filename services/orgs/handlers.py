"""Events orgs consumes: one function per event type, each calling one use case."""
import logging

from services.common import revocations

from . import accounts, invitations, service
from .models import RevokedCredential

log = logging.getLogger(__name__)


def on_account_registered(data, envelope):
    """ID3: join the inviting organization when signed up through an open invitation, else
    create the person's own organization (also when the invitation is no longer valid)."""
    accounts.record_profile(data["account_id"], data["first_name"], data["last_name"], data["language"],
                            envelope["occurred_at"])
    token = data.get("invitation_token")
    if token:
        if invitations.join_on_signup(token, data["account_id"], data["email"]):
            return
        log.warning("sign-up invitation unknown, answered, withdrawn or expired: creating an organization",
                    extra={"account_id": str(data["account_id"])})
    org = data["organization"]
    service.create_organization(org["name"], org["kind"], org["currency"], founder_id=data["account_id"],
                                email=data["email"])


def on_account_profile_changed(data, envelope):
    """The members list shows the new name; orgs' next mails use the new language."""
    accounts.record_profile(data["account_id"], data["first_name"], data["last_name"], data["language"],
                            envelope["occurred_at"])


SUBSCRIPTIONS = {
    "identity.account.registered": on_account_registered,
    "identity.account.profile-changed": on_account_profile_changed,
    **revocations.handlers(RevokedCredential),  # ID12: tokens of ended sessions stop working at once
}
