"""Orgs' request and response shapes (marshmallow); the OpenAPI document comes from these."""
from marshmallow import RAISE, Schema, fields


class MemberOut(Schema):
    account_id = fields.UUID()
    role = fields.String()
    external = fields.Boolean()


class OrganizationOut(Schema):
    id = fields.UUID()
    name = fields.String()
    kind = fields.String()
    currency = fields.String()
    created_at = fields.DateTime(format="iso")
    members = fields.List(fields.Nested(MemberOut), attribute="memberships")


class OrganizationQuery(Schema):
    class Meta:
        unknown = RAISE

    account_id = fields.UUID(required=True, metadata={"description": "Organizations this account belongs to."})
