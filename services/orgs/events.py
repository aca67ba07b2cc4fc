"""The events orgs produces (organizations and their members) and the fields it reads of the
events it consumes. See services/common/events.py for PRODUCED/CONSUMED."""
from marshmallow import fields, validate

from services.common import revocations
from services.common.events import Payload
from services.common.schema import Timestamp
from services.common.money import CURRENCIES

from .domain import KINDS, ROLES


class OrganizationCreated(Payload):
    """An organization exists, with its first legal representative."""

    organization_id = fields.UUID(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    # None when the organization was created for a partner (PA4, POST /v1/client-organizations):
    # its legal representative joins later by accepting the invitation (orgs.member.added).
    legal_representative_id = fields.UUID(allow_none=True, load_default=None)


class OrganizationDeleted(Payload):
    """An organization was deleted once billing had nothing open for it (OR13)."""

    organization_id = fields.UUID(required=True)
    deleted_by = fields.UUID(required=True)


class MemberAdded(Payload):
    """An account joined an organization: an accepted invitation, or a sign-up through one (OR4)."""

    organization_id = fields.UUID(required=True)
    account_id = fields.UUID(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    external = fields.Boolean(required=True)
    invitation_id = fields.UUID(load_default=None, allow_none=True)


class MemberRoleChanged(Payload):
    """A member's role changed (OR5, OR7, OR9)."""

    organization_id = fields.UUID(required=True)
    account_id = fields.UUID(required=True)
    old_role = fields.String(required=True, validate=validate.OneOf(ROLES))
    new_role = fields.String(required=True, validate=validate.OneOf(ROLES))
    changed_by = fields.UUID(required=True)


class MemberRemoved(Payload):
    """A member was removed or left (OR7, OR8)."""

    organization_id = fields.UUID(required=True)
    account_id = fields.UUID(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(("removed", "left")))
    removed_by = fields.UUID(required=True)


class InvitationExpired(Payload):
    """A pending invitation passed its expiry unanswered (OR4); orgs' daily run marks it."""

    invitation_id = fields.UUID(required=True)
    organization_id = fields.UUID(required=True)
    email = fields.Email(required=True)
    expires_at = Timestamp(required=True)


PRODUCED = {
    "orgs.organization.created": (1, OrganizationCreated),
    "orgs.organization.deleted": (1, OrganizationDeleted),
    "orgs.member.added": (1, MemberAdded),
    "orgs.member.role_changed": (1, MemberRoleChanged),
    "orgs.member.removed": (1, MemberRemoved),
    "orgs.invitation.expired": (1, InvitationExpired),
}


# What orgs reads of identity's sign-up (ID3).
class SignupOrganization(Payload):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    name = fields.String(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))


class AccountRegistered(Payload):
    account_id = fields.UUID(required=True)
    email = fields.Email(required=True)
    first_name = fields.String(load_default=None)
    last_name = fields.String(load_default=None)
    # The language the person chose (en, fr, de, it, es); orgs keeps an unknown one as not said.
    language = fields.String(load_default=None, allow_none=True)
    organization = fields.Nested(SignupOrganization, required=True)
    invitation_token = fields.String(load_default=None, allow_none=True)


class AccountProfileChanged(Payload):
    """The name or language of an account changed: the members list and orgs' mails follow."""

    account_id = fields.UUID(required=True)
    first_name = fields.String(load_default=None)
    last_name = fields.String(load_default=None)
    language = fields.String(load_default=None, allow_none=True)


# What orgs reads of the partner service's links and assignments (delegations.py): the grant
# the access check decides with (PA5-PA7, PX1) and PA5's upgrade of external members.
LINK_STATUSES = ("pending", "active", "declined", "withdrawn", "expired", "stopped", "ended")


class LinkProductRights(Payload):
    technical = fields.Boolean(required=True)
    statistics = fields.Boolean(required=True)


class LinkState(Payload):
    link_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    partner_organization_id = fields.UUID(required=True)
    client_organization_id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf(LINK_STATUSES))
    scope = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(("limited", "full")))
    products = fields.Dict(keys=fields.String(), values=fields.Nested(LinkProductRights), allow_none=True,
                           load_default=None)
    billing = fields.Boolean(required=True)
    payer = fields.String(required=True, validate=validate.OneOf(("client", "partner")))
    ends_at = Timestamp(allow_none=True, load_default=None)
    auto_extend = fields.Boolean(required=True)
    actor_id = fields.UUID(allow_none=True, load_default=None)


class AssignmentState(Payload):
    assignment_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    link_id = fields.UUID(required=True)
    client_organization_id = fields.UUID(required=True)
    account_id = fields.UUID(required=True)
    products = fields.List(fields.String(), allow_none=True, load_default=None)
    active = fields.Boolean(required=True)


LINK_EVENTS = ("requested", "approved", "declined", "withdrawn", "expired", "resent", "scope_changed",
               "payer_changed", "end_changed", "extended", "stopped", "ended")
CONSUMED = {
    "identity.account.registered": AccountRegistered,
    "identity.account.profile-changed": AccountProfileChanged,
    **{f"partner.link.{name}": LinkState for name in LINK_EVENTS},
    "partner.assignment.changed": AssignmentState,
    **revocations.PAYLOADS,
}
