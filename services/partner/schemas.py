"""Partner's request and response shapes (marshmallow); the OpenAPI document comes from these."""
from marshmallow import fields

from services.common.schema import Schema, Timestamp

from .domain import may_apply_as_partner


class KnownOrganizationOut(Schema):
    organization_id = fields.UUID()
    name = fields.String()
    kind = fields.String()
    currency = fields.String()
    may_apply_as_partner = fields.Method("eligible", metadata={"type": "boolean"})
    recorded_at = Timestamp()

    def eligible(self, organization):
        return may_apply_as_partner(organization.kind)
