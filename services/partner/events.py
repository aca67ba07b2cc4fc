"""The events partner produces and the fields it reads of the events it consumes.
See services/common/events.py for PRODUCED/CONSUMED.

Every `partner.link.*` event carries the link's whole current state (`LinkState`) and its
`version`: orgs (delegated grants, the access check) and billing (who pays, PA8) keep the
state with the highest version, so an event applied twice or late changes nothing."""
from marshmallow import fields, validate

from services.common import revocations
from services.common.events import Payload
from services.common.money import CURRENCIES
from services.common.schema import Timestamp

SCOPES = ("limited", "full")
PAYERS = ("client", "partner")
LINK_STATUSES = ("pending", "active", "declined", "withdrawn", "expired", "stopped", "ended")
APPLICATION_STATUSES = ("pending", "approved", "rejected")
SIDES = ("partner", "client", "system")


class ApplicationEvent(Payload):
    """PA1: an application was submitted, approved or rejected."""

    application_id = fields.UUID(required=True)
    organization_id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf(APPLICATION_STATUSES))
    manual_review = fields.Boolean(required=True)
    reason = fields.String(allow_none=True, load_default=None)
    actor_id = fields.UUID(allow_none=True, load_default=None)  # the applicant, or the reviewing staff


class ProductRights(Payload):
    technical = fields.Boolean(required=True)
    statistics = fields.Boolean(required=True)


class LinkState(Payload):
    """A link's whole state after a change (PA4-PA8, PA10, PX1)."""

    link_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    partner_organization_id = fields.UUID(required=True)
    client_organization_id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf(LINK_STATUSES))
    scope = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(SCOPES))
    # {product_id: {"technical": bool, "statistics": bool}} for a limited scope, else None
    products = fields.Dict(keys=fields.String(), values=fields.Nested(ProductRights), allow_none=True,
                           load_default=None)
    billing = fields.Boolean(required=True)  # billing entrusted (full access only, PA5)
    payer = fields.String(required=True, validate=validate.OneOf(PAYERS))  # PA8
    ends_at = Timestamp(allow_none=True, load_default=None)  # PX1: no access after it, run or not
    auto_extend = fields.Boolean(required=True)
    actor_id = fields.UUID(allow_none=True, load_default=None)  # None: a scheduled run
    side = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(SIDES))


class AssignmentState(Payload):
    """PA7: partner user `account_id` manages the link's client (only `products` when given)."""

    assignment_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    link_id = fields.UUID(required=True)
    partner_organization_id = fields.UUID(required=True)
    client_organization_id = fields.UUID(required=True)
    account_id = fields.UUID(required=True)
    products = fields.List(fields.String(), allow_none=True, load_default=None)  # None: all the link grants
    active = fields.Boolean(required=True)


LINK_EVENTS = ("requested", "approved", "declined", "withdrawn", "expired", "resent", "scope_changed",
               "payer_changed", "end_changed", "extended", "stopped", "ended")
PRODUCED = {
    "partner.application.submitted": (1, ApplicationEvent),
    "partner.application.approved": (1, ApplicationEvent),
    "partner.application.rejected": (1, ApplicationEvent),
    **{f"partner.link.{name}": (1, LinkState) for name in LINK_EVENTS},
    "partner.assignment.changed": (1, AssignmentState),
}


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
