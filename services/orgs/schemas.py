"""Orgs' request and response shapes (marshmallow); the OpenAPI document comes from these.

Inputs are strict (an unknown field is a 422); the access check and audit shapes are in
schemas_access.py.
"""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.common.i18n import LANGUAGES
from services.common.money import CURRENCIES
from services.common.schema import Schema, Strict, Timestamp

from .domain import KINDS, PRODUCT_BINDING_KINDS, ROLES
from .logos import logo_path


NAME = validate.Length(min=1, max=100)


# What marshmallow's Url accepts, narrowed to http(s) and a host name, so the document can say it.
URL = r"^https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(/[!-~]*)?$"


def url_field():
    return fields.Url(schemes={"http", "https"}, validate=[validate.Length(max=500), validate.Regexp(URL)],
                      allow_none=True)


class Branding(Strict):
    """OR1: a square logo or initials (not both), and a rectangular logo."""

    square_logo_url = url_field()
    initials = fields.String(allow_none=True, validate=validate.Regexp(r"^[A-Za-z]{1,3}$",
                                                                     error="1 to 3 letters."))
    rectangular_logo_url = url_field()

    @validates_schema
    def logo_or_initials(self, data, **_kwargs):
        if data.get("square_logo_url") and data.get("initials"):
            raise ValidationError("Give a square logo or initials, not both.", "initials")


class OrganizationIn(Strict):
    name = fields.String(required=True, validate=NAME)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    branding = fields.Nested(Branding, load_default=dict)


class OrganizationPatch(Strict):
    """The currency stays: billing keeps every amount in it (BI14)."""

    name = fields.String(validate=NAME)
    kind = fields.String(validate=validate.OneOf(KINDS))
    branding = fields.Nested(Branding)


class ContactPreferences(Strict):
    """OR4: which administrative mails this member receives."""

    billing = fields.Boolean(load_default=False)
    technical = fields.Boolean(load_default=False)
    legal = fields.Boolean(load_default=False)




def product_ids_field():
    return fields.List(fields.UUID(), validate=validate.Length(max=500))


class MemberSummaryOut(Schema):
    """Inside an organization: the shape services have always read; details are under /members."""

    account_id = fields.UUID()
    role = fields.String()
    external = fields.Boolean()


class ProductBindingIn(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(PRODUCT_BINDING_KINDS),
                         metadata={"description": "What the membership backs: a kSuite account, a mail login address..."})
    label = fields.String(load_default=None, validate=validate.Length(max=254),
                          metadata={"description": "What a person recognizes, e.g. the login address."})


class ProductBindingOut(Schema):
    product_id = fields.String()
    kind = fields.String()
    label = fields.String(allow_none=True)


def _profile(field):
    return fields.Function(lambda member: getattr(getattr(member, "profile", None), field, None), allow_none=True,
                           metadata={"type": ["string", "null"],
                                     "description": "From identity's account events; null until orgs has heard"})


class MemberOut(Schema):
    account_id = fields.UUID()
    role = fields.String()
    external = fields.Boolean()
    email = fields.String(allow_none=True)
    first_name = _profile("first_name")
    last_name = _profile("last_name")
    product_ids = fields.List(fields.String(), allow_none=True)
    billing_rights = fields.Boolean()
    contact_preferences = fields.Dict(allow_none=True)
    bound_products = fields.List(fields.Nested(ProductBindingOut), allow_none=True,
                                 metadata={"description": "OR8: products this membership backs; it cannot be left meanwhile."})
    via_link_id = fields.UUID(allow_none=True, metadata={
        "description": "PA5: an external member upgraded when this partner link started (they are staff of the "
                       "partner); their access also comes through the link. null otherwise."})
    created_at = Timestamp()


class MemberPatch(Strict):
    role = fields.String(validate=validate.OneOf(ROLES))
    external = fields.Boolean()
    product_ids = product_ids_field()
    billing_rights = fields.Boolean()
    contact_preferences = fields.Nested(ContactPreferences)


class BrandingOut(Schema):
    square_logo_url = fields.String(allow_none=True)
    initials = fields.String(allow_none=True)
    rectangular_logo_url = fields.String(allow_none=True)


def branding_of(organization):
    """OR1: an uploaded logo wins over a logo URL; it is named by its API path."""
    branding = BrandingOut().dump(organization)
    for kind in organization.logo_kinds:
        branding[f"{kind}_logo_url"] = logo_path(organization.id, kind)
    return branding


class OrganizationOut(Schema):
    id = fields.UUID()
    name = fields.String()
    kind = fields.String()
    currency = fields.String()
    created_at = Timestamp()
    branding = fields.Function(branding_of, metadata={
        "type": "object", "description": "square_logo_url, initials, rectangular_logo_url (each may be null); "
                                         "a logo uploaded to orgs is named by its API path "
                                         "(/v1/organizations/{id}/logos/square), which wins over a URL"})
    my_role = fields.String(allow_none=True, metadata={
        "description": "The caller's role (person tokens only); null for a partner user reaching it through a link."})
    via_link_id = fields.UUID(allow_none=True, metadata={
        "description": "PA6: the partner link through which the caller (a partner user) sees the organization; "
                       "the members are then left out."})
    members = fields.List(fields.Nested(MemberSummaryOut), attribute="memberships")


class ContactOut(Schema):
    """A member as services address it (OR4's contact preferences say which mails they want)."""

    account_id = fields.UUID()
    email = fields.String()
    language = fields.String(allow_none=True, metadata={"description": "en, fr, de, it or es; null if not said"})
    role = fields.String()
    external = fields.Boolean()
    billing_rights = fields.Boolean()
    contact_preferences = fields.Dict(allow_none=True, metadata={"description": "billing, technical, legal"})


class MyOrganizationOut(OrganizationOut):
    class Meta:
        exclude = ("members",)


class OrganizationQuery(Strict):
    account_id = fields.UUID(required=True, metadata={"description": "Organizations this account belongs to."})


class SoleRepresentationsOut(Schema):
    account_id = fields.UUID()
    organization_ids = fields.List(fields.UUID())


class InvitationIn(Strict):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    role = fields.String(load_default="collaborator", validate=validate.OneOf(ROLES))
    external = fields.Boolean(load_default=False)
    product_ids = product_ids_field()
    billing_rights = fields.Boolean(load_default=False)
    contact_preferences = fields.Nested(ContactPreferences)
    language = fields.String(validate=validate.OneOf(LANGUAGES), metadata={
        "description": "The mail's language when no account has this address yet; default: the inviter's, "
                       "else English. An existing account reads it in its own language."})


class InvitationOut(Schema):
    id = fields.UUID()
    organization_id = fields.UUID()
    email = fields.String()
    role = fields.String()
    external = fields.Boolean()
    product_ids = fields.List(fields.String(), allow_none=True)
    billing_rights = fields.Boolean()
    contact_preferences = fields.Dict(allow_none=True)
    status = fields.String(attribute="state", metadata={
        "description": "pending, expired, accepted, declined or withdrawn"})
    language = fields.String(allow_none=True, metadata={"description": "The mail's language (see InvitationIn)"})
    created_at = Timestamp()
    expires_at = Timestamp()


class InvitationForServiceOut(Schema):
    """What identity needs to run a sign-up through an invitation."""

    email = fields.String()
    organization_id = fields.UUID()
    organization_name = fields.String()
    status = fields.String()
    expires_at = Timestamp()


class InvitationForPersonOut(Schema):
    """What the invited person sees before answering (the portal's page behind the mail's link)."""

    organization_id = fields.UUID()
    organization_name = fields.String()
    role = fields.String()
    external = fields.Boolean()
    billing_rights = fields.Boolean()
    expires_at = Timestamp()


class TeamIn(Strict):
    name = fields.String(required=True, validate=NAME)
    lead_account_id = fields.UUID(allow_none=True, load_default=None)
    product_ids = product_ids_field()


class TeamPatch(Strict):
    name = fields.String(validate=NAME)
    lead_account_id = fields.UUID(allow_none=True)
    product_ids = product_ids_field()


class TeamOut(Schema):
    id = fields.UUID()
    organization_id = fields.UUID()
    name = fields.String()
    lead_account_id = fields.UUID(allow_none=True)
    product_ids = fields.List(fields.String(), allow_none=True)
    member_ids = fields.List(fields.UUID())
    created_at = Timestamp()


class SupportAccessOut(Schema):
    content_type = fields.String()
    active = fields.Boolean()
    granted_at = Timestamp(allow_none=True, metadata={"description": "null unless active"})
    expires_at = Timestamp(allow_none=True)
    granted_by = fields.UUID(allow_none=True)
