"""Links over HTTP (PA4-PA8, PA10, PX1): requests, answers and the link as both sides read it."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.common import paging
from services.common.money import CURRENCIES
from services.common.schema import Schema, Strict, Timestamp

from . import service
from .events import LINK_STATUSES, PAYERS, SCOPES
from .models import Partner

LANGUAGES = ("en", "fr", "de", "it", "es")
KINDS = ("company", "individual")
PAYER = fields.String(required=True, validate=validate.OneOf(PAYERS),
                      metadata={"description": "Who pays the client's invoices (PA8): partner only with full access"})
ENDS_AT = Timestamp(allow_none=True, metadata={"description": "PX1: 1 day to 2 years from now; null: no end"})
AUTO_EXTEND = fields.Boolean(metadata={"description": "PX1: extended by 180 days at the end"})


class ProductRightsIn(Strict):
    technical = fields.Boolean(required=True)
    statistics = fields.Boolean(required=True)


class ScopeIn(Strict):
    """PA5: limited (products, each with technical and/or statistics) or full (billing optionally entrusted)."""

    scope = fields.String(required=True, validate=validate.OneOf(SCOPES))
    products = fields.Dict(keys=fields.UUID(), values=fields.Nested(ProductRightsIn), allow_none=True,
                           validate=validate.Length(max=200),
                           metadata={"description": "Limited only: {product_id: {technical, statistics}}"})
    billing = fields.Boolean(metadata={"description": "Full only: billing entrusted"})


class RepresentativeIn(Strict):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    first_name = fields.String(required=True, validate=validate.Length(1, 100))
    last_name = fields.String(required=True, validate=validate.Length(1, 100))
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))


class NewOrganizationIn(Strict):
    name = fields.String(required=True, validate=validate.Length(1, 100))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    legal_representative = fields.Nested(RepresentativeIn, required=True)


class ClientIn(Strict):
    """Exactly one of: an organization's id, its legal representative's email, a new organization."""

    organization_id = fields.UUID()
    email = fields.Email(validate=validate.Length(max=254))
    new_organization = fields.Nested(NewOrganizationIn)

    @validates_schema
    def exactly_one(self, data, **kwargs):
        if len(data) != 1:
            raise ValidationError("Give exactly one of organization_id, email, new_organization.")


class PartnerLinkIn(Strict):
    client = fields.Nested(ClientIn, required=True)
    scope = fields.Nested(ScopeIn, required=True)
    payer = PAYER
    ends_at = ENDS_AT
    auto_extend = AUTO_EXTEND


class ClientLinkIn(Strict):
    partner_organization_id = fields.UUID(required=True)
    scope = fields.Nested(ScopeIn, required=True)
    payer = PAYER
    ends_at = ENDS_AT
    auto_extend = AUTO_EXTEND


class LinkApprovalIn(Strict):
    scope = fields.Nested(ScopeIn, metadata={"description": "Omitted: as requested"})
    payer = fields.String(validate=validate.OneOf(PAYERS), metadata={"description": "Omitted: as requested"})
    ends_at = ENDS_AT
    auto_extend = AUTO_EXTEND


class Empty(Strict):
    pass


class PayerIn(Strict):
    payer = PAYER


class EndIn(Strict):
    ends_at = Timestamp(required=True, allow_none=True, metadata={"description": "PX1: 1 day to 2 years; null: none"})
    auto_extend = fields.Boolean(required=True)


class StopIn(Strict):
    token = fields.String(required=True, validate=validate.Length(1, 100))
    password = fields.String(required=True, validate=validate.Length(1, 256))


class StopRequestOut(Schema):
    token = fields.String(metadata={"description": "Present it with the password within 10 minutes"})
    expires_at = Timestamp()


class LinksQuery(Strict):
    status = fields.String(validate=validate.OneOf(LINK_STATUSES))
    cursor = paging.cursor_field()
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class PartnerLinksQuery(LinksQuery):
    q = fields.String(validate=validate.Length(1, 100), metadata={"description": "Part of the client's name or email"})


class RequestedOut(Schema):
    scope = fields.String()
    products = fields.Dict(allow_none=True)
    billing = fields.Boolean()
    payer = fields.String()


class LinkOut(Schema):
    id = fields.UUID()
    partner_organization_id = fields.UUID()
    partner_name = fields.Method("name_of_partner", metadata={"type": "string"})
    client_organization_id = fields.UUID()
    client_name = fields.Method("name_of_client", metadata={"type": "string"})
    status = fields.String(metadata={"enum": list(LINK_STATUSES)})
    initiated_by = fields.String(metadata={"enum": ["partner", "client"]})
    requested = fields.Nested(RequestedOut)
    scope = fields.String(allow_none=True)
    products = fields.Dict(allow_none=True)
    billing = fields.Boolean()
    payer = fields.String()
    ends_at = Timestamp(allow_none=True)
    auto_extend = fields.Boolean()
    requested_at = Timestamp()
    request_expires_at = Timestamp(allow_none=True)
    approved_at = Timestamp(allow_none=True)
    closed_at = Timestamp(allow_none=True)
    closed_side = fields.String(allow_none=True)

    def name_of_partner(self, link):
        partner = Partner.get_or_none(Partner.organization_id == link.partner_organization_id)
        return partner.name if partner else service.organization_name(link.partner_organization_id)

    def name_of_client(self, link):
        return service.organization_name(link.client_organization_id)


class LinkPageOut(Schema):
    items = fields.List(fields.Nested(LinkOut))
    next_cursor = fields.String(allow_none=True, metadata={"description": "Pass as `cursor`; null on the last page"})


class AssignmentIn(Strict):
    products = fields.List(fields.UUID(), required=True, allow_none=True, validate=validate.Length(max=200),
                           metadata={"description": "null: all the link grants (PA7)"})


class AssignmentOut(Schema):
    id = fields.UUID()
    link_id = fields.UUID()
    account_id = fields.UUID()
    products = fields.List(fields.String(), allow_none=True)
    active = fields.Boolean()
    updated_at = Timestamp()
