"""Events orgs consumes: one function per event type, each calling one use case."""
from . import service


def on_account_registered(data, envelope):
    org = data["organization"]
    service.create_organization(org["name"], org["kind"], org["currency"], founder_id=data["account_id"])


HANDLERS = {
    "identity.account.registered": on_account_registered,
}
