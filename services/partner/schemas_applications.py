"""PA1, PA3: request and response shapes of applications and partners (marshmallow; the OpenAPI
document comes from these). Shape only: register numbers, conditions and affiliates are the use
case's rules (RuleViolation PA1/PA3)."""
from marshmallow import ValidationError, fields, validate

from services.common.paging import cursor_field
from services.common.schema import Schema, Strict, Timestamp

from .events import APPLICATION_STATUSES

# A well-formed https address with a host name (PA1: the website the check then tries).
HTTPS_URL = r"^https://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(:[0-9]{1,5})?(/[!-~]*)?$"


class ApplicationIn(Strict):
    legal_name = fields.String(required=True, validate=validate.Length(1, 200),
                               metadata={"description": "As entered in the commercial register"})
    register_country = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{2}$"),
                                     metadata={"description": "ISO 3166-1 alpha-2: CH (UID), FR (SIRET), "
                                                              "another: checked by staff"})
    register_number = fields.String(required=True, validate=validate.Length(1, 60),
                                    metadata={"description": "CHE-123.456.789 (CH), 14 digits (FR), as typed"})
    website = fields.Url(required=True, schemes={"https"}, validate=[validate.Length(max=300),
                                                                     validate.Regexp(HTTPS_URL)])
    conditions_version = fields.String(required=True, validate=validate.Length(1, 20),
                                       metadata={"description": "The reseller conditions' version shown"})
    accept_conditions = fields.Boolean(required=True, metadata={"description": "Must be true (PA1)"})


class WebsiteCheckOut(Schema):
    reachable = fields.Boolean(attribute="website_reachable", allow_none=True)
    status = fields.String(attribute="website_status", allow_none=True)
    checked_at = Timestamp(attribute="website_checked_at", allow_none=True)


class ApplicationOut(Schema):
    id = fields.UUID()
    organization_id = fields.UUID()
    legal_name = fields.String()
    register_country = fields.String()
    register_kind = fields.String(metadata={"description": "uid | siret | foreign"})
    register_number = fields.String(metadata={"description": "Normalised"})
    manual_review = fields.Boolean(metadata={"description": "A foreign number: staff check it by hand"})
    website = fields.String()
    website_check = fields.Function(lambda application: WebsiteCheckOut().dump(application),
                                    metadata={"description": "What the website check saw when applying; staff decide",
                                              "type": "object"})
    conditions_version = fields.String()
    conditions_accepted_at = Timestamp()
    applied_by = fields.UUID()
    status = fields.String(metadata={"description": "pending | approved | rejected"})
    reason = fields.String(allow_none=True, metadata={"description": "Staff's reason of a rejection"})
    reviewed_by = fields.UUID(allow_none=True)
    reviewed_at = Timestamp(allow_none=True)
    created_at = Timestamp()


class ApplicationPageOut(Schema):
    items = fields.List(fields.Nested(ApplicationOut))
    next_cursor = fields.String(allow_none=True, metadata={"description": "Pass as `cursor` for the next page; "
                                                                          "null on the last"})


class ApplicationsQuery(Strict):
    status = fields.String(validate=validate.OneOf(APPLICATION_STATUSES))
    cursor = cursor_field()
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class ApplicationApprovalIn(Strict):
    """Nothing to say: approving is the act."""


def _not_blank(text):
    if not text.strip():
        raise ValidationError("Give the reason.")


class RejectionIn(Strict):
    reason = fields.String(required=True, validate=[validate.Length(1, 1000), _not_blank], metadata={
        "multiline": True, "description": "Why (mailed to the applicant's legal representatives); not blank"})


class PartnerOut(Schema):
    organization_id = fields.UUID()
    name = fields.String()
    status = fields.String(metadata={"description": "approved | ended"})
    approved_at = Timestamp()


class PartnersQuery(Strict):
    q = fields.String(required=True, validate=validate.Length(2, 254),
                      metadata={"description": "Part of a partner's name, or its legal representative's email"})


class PartnerFoundOut(Schema):
    organization_id = fields.UUID()
    name = fields.String()
    currency = fields.String()
