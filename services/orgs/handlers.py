"""Events orgs consumes: one function per event type, each calling one use case."""
import logging

from services.common import revocations

from . import accounts, delegations, invitations, service
from .events import LINK_EVENTS
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


def on_link_state(data, envelope):
    """PA5-PA8, PX1: the link's newest state feeds the delegated grant (older ones are ignored)."""
    if not delegations.apply_link_state(data):
        log.info("link state not newer than the one kept: ignored",
                 extra={"link_id": str(data["link_id"]), "version": data["version"]})


def on_assignment_changed(data, envelope):
    """PA7: which partner collaborator manages the client, on which products."""
    if not delegations.apply_assignment_state(data):
        log.info("assignment state not newer than the one kept: ignored",
                 extra={"assignment_id": str(data["assignment_id"]), "version": data["version"]})


SUBSCRIPTIONS = {
    "identity.account.registered": on_account_registered,
    "identity.account.profile-changed": on_account_profile_changed,
    **{f"partner.link.{name}": on_link_state for name in LINK_EVENTS},
    "partner.assignment.changed": on_assignment_changed,
    **revocations.handlers(RevokedCredential),  # ID12: tokens of ended sessions stop working at once
}
