"""The events billing produces and the fields it reads of the events it consumes. See
services/common/events.py for PRODUCED/CONSUMED."""
from marshmallow import fields, validate

from services.common import revocations
from services.common.events import Payload
from services.common.money import CURRENCIES


class BillingAccountOpened(Payload):
    """Billing opened the organization's account with an empty prepaid balance."""

    organization_id = fields.UUID(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    prepaid_balance_minor = fields.Integer(required=True)


PRODUCED = {
    "billing.account.opened": (1, BillingAccountOpened),
}


class OrganizationCreated(Payload):
    """What billing reads of a new organization: the currency its account keeps (BI8, BI14)."""

    organization_id = fields.UUID(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))


CONSUMED = {
    "orgs.organization.created": OrganizationCreated,
    **revocations.PAYLOADS,
}
