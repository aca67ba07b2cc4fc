"""The events partner produces (none yet) and the fields it reads of the events it consumes.
See services/common/events.py for PRODUCED/CONSUMED."""
from marshmallow import fields, validate

from services.common import revocations
from services.common.events import Payload
from services.common.money import CURRENCIES

PRODUCED = {}


class OrganizationCreated(Payload):
    """What the programme records of a new organization (PA1)."""

    organization_id = fields.UUID(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))


CONSUMED = {
    "orgs.organization.created": OrganizationCreated,
    **revocations.PAYLOADS,
}
