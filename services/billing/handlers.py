"""Events billing consumes: one function per event type, each calling one use case."""
from . import service


def on_organization_created(data, envelope):
    service.open_billing_account(data["organization_id"], data["currency"])


HANDLERS = {
    "orgs.organization.created": on_organization_created,
}
