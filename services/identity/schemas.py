"""Identity's request and response shapes (marshmallow); the OpenAPI document comes from these."""
from marshmallow import RAISE, Schema, fields, validate

from services.common.events import CURRENCIES, ORG_KINDS

Name = lambda: fields.String(required=True, validate=validate.Length(min=1, max=100))  # noqa: E731


class Strict(Schema):
    class Meta:
        unknown = RAISE  # a misspelt field is an error, not silently ignored


class NewOrganization(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(ORG_KINDS))
    name = fields.String(validate=validate.Length(min=1, max=100),
                         metadata={"description": "Company name; required when kind is company (ID3)."})
    currency = fields.String(load_default="CHF", validate=validate.OneOf(CURRENCIES))


class AccountCreate(Strict):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=10, max=256))
    first_name = Name()
    last_name = Name()
    organization = fields.Nested(NewOrganization, required=True)


class AccountOut(Schema):
    id = fields.UUID()
    email = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    created_at = fields.DateTime(format="iso")


class AccountPath(Strict):
    account_id = fields.UUID(required=True)
