"""Events partner consumes: one function per event type, each calling one use case."""
from services.common import revocations

from . import service, webhook_events
from .models import RevokedCredential


def on_organization_created(data, envelope):
    service.record_organization(data["organization_id"], data["name"], data["kind"], data["currency"])


SUBSCRIPTIONS = {
    "orgs.organization.created": on_organization_created,
    **revocations.handlers(RevokedCredential),  # ID12: tokens of ended sessions stop working at once
}
# PX6: the events partners subscribe to also go to their webhooks, after any other handler of them.
SUBSCRIPTIONS = webhook_events.fanned_out(SUBSCRIPTIONS)
