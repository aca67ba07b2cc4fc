"""The event envelope and the catalogue of every event type with its payload schema.

Producers validate a payload with its schema before writing it to the outbox; consumers
validate the envelope and the payload again on receipt. Payload schemas ignore unknown
fields, so a producer can add a field without breaking its consumers.
"""
import uuid

from marshmallow import EXCLUDE, RAISE, fields, validate

from . import clock
from .schema import Schema, Timestamp

from services.common.money import MINOR_UNITS

CURRENCIES = tuple(MINOR_UNITS)  # the currencies money knows, in one place
ORG_KINDS = ("individual", "company")


class EnvelopeSchema(Schema):
    class Meta:
        unknown = RAISE

    id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.Length(min=3, max=200))
    occurred_at = fields.AwareDateTime(required=True)
    producer = fields.String(required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    correlation_id = fields.String(required=True, allow_none=True)
    data = fields.Dict(required=True)


class Payload(Schema):
    class Meta:
        unknown = EXCLUDE


class OrganizationRef(Payload):
    kind = fields.String(required=True, validate=validate.OneOf(ORG_KINDS))
    name = fields.String(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))


class AccountRegistered(Payload):
    """An account signed up; orgs creates its personal organization (ID3)."""

    account_id = fields.UUID(required=True)
    email = fields.Email(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    organization = fields.Nested(OrganizationRef, required=True)
    invitation_token = fields.String(load_default=None, allow_none=True, metadata={
        "description": "Set when the person signed up through an organization's invitation: orgs "
                       "adds them to that organization instead of creating one (ID3)."})


class AccountVerified(Payload):
    """The account's login email was confirmed through the mailed link (ID2)."""

    account_id = fields.UUID(required=True)
    email = fields.Email(required=True)


class AccountEmailChanged(Payload):
    """The account's login email changed, after the new address was confirmed."""

    account_id = fields.UUID(required=True)
    old_email = fields.Email(required=True)
    email = fields.Email(required=True)


class AccountPasswordChanged(Payload):
    """The password changed (by the person, or through a reset link, ID4); sessions ended."""

    account_id = fields.UUID(required=True)


class AccountDeleted(Payload):
    """The account was deleted: its personal data is gone and all its sessions ended."""

    account_id = fields.UUID(required=True)


class OrganizationCreated(Payload):
    """An organization exists, with its first legal representative."""

    organization_id = fields.UUID(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(ORG_KINDS))
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    legal_representative_id = fields.UUID(required=True)


class OrganizationDeleted(Payload):
    """An organization was deleted once billing had nothing open for it (OR13)."""

    organization_id = fields.UUID(required=True)
    deleted_by = fields.UUID(required=True)


class InvitationExpired(Payload):
    """A pending invitation passed its expiry unanswered (OR4); orgs' daily run marks it."""

    invitation_id = fields.UUID(required=True)
    organization_id = fields.UUID(required=True)
    email = fields.Email(required=True)
    expires_at = Timestamp(required=True)


ORG_ROLES = ("legal_representative", "administrator", "collaborator")


class MemberAdded(Payload):
    """An account joined an organization: an accepted invitation, or a sign-up through one (OR4)."""

    organization_id = fields.UUID(required=True)
    account_id = fields.UUID(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ORG_ROLES))
    external = fields.Boolean(required=True)
    invitation_id = fields.UUID(load_default=None, allow_none=True)


class MemberRoleChanged(Payload):
    """A member's role changed (OR5, OR7, OR9)."""

    organization_id = fields.UUID(required=True)
    account_id = fields.UUID(required=True)
    old_role = fields.String(required=True, validate=validate.OneOf(ORG_ROLES))
    new_role = fields.String(required=True, validate=validate.OneOf(ORG_ROLES))
    changed_by = fields.UUID(required=True)


class MemberRemoved(Payload):
    """A member was removed or left (OR7, OR8)."""

    organization_id = fields.UUID(required=True)
    account_id = fields.UUID(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(("removed", "left")))
    removed_by = fields.UUID(required=True)


class BillingAccountOpened(Payload):
    """Billing opened the organization's account with an empty prepaid balance."""

    organization_id = fields.UUID(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(CURRENCIES))
    prepaid_balance_minor = fields.Integer(required=True)


class SessionsRevoked(Payload):
    """Browser sessions of an account ended (logout, password change or reset, a session ended
    from the account page, account deletion, a verified identity case): every service refuses
    the access tokens naming them (`sid`) from now on, not only at their expiry (ID12)."""

    account_id = fields.UUID(required=True)
    session_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1))


class AccessTokenRevoked(Payload):
    """One access token was revoked before its expiry (RFC 7009, or a replayed authorization
    code): every service refuses it (`jti`) from now on (ID12)."""

    jti = fields.String(required=True, validate=validate.Length(min=1, max=100))
    expires_at = fields.Integer(required=True, metadata={"description": "The token's `exp` (epoch seconds)."})


# type -> (version, payload schema). The catalogue in docs/events.md is generated from this.
CATALOGUE = {
    "identity.account.registered": (1, AccountRegistered),
    "identity.account.verified": (1, AccountVerified),
    "identity.account.email_changed": (1, AccountEmailChanged),
    "identity.account.password_changed": (1, AccountPasswordChanged),
    "identity.account.deleted": (1, AccountDeleted),
    "identity.sessions.revoked": (1, SessionsRevoked),
    "identity.access_token.revoked": (1, AccessTokenRevoked),
    "orgs.organization.created": (1, OrganizationCreated),
    "orgs.organization.deleted": (1, OrganizationDeleted),
    "orgs.member.added": (1, MemberAdded),
    "orgs.member.role_changed": (1, MemberRoleChanged),
    "orgs.member.removed": (1, MemberRemoved),
    "orgs.invitation.expired": (1, InvitationExpired),
    "billing.account.opened": (1, BillingAccountOpened),
}


class UnknownEventType(ValueError):
    pass


def payload_schema(event_type):
    try:
        return CATALOGUE[event_type][1]()
    except KeyError:
        raise UnknownEventType(event_type) from None


def make_envelope(event_type, producer, data, correlation_id=None):
    """A validated envelope, as a JSON-ready dict."""
    version, schema = CATALOGUE.get(event_type, (None, None))
    if schema is None:
        raise UnknownEventType(event_type)
    payload = schema().dump(schema().load(schema().dump(data)))
    return EnvelopeSchema().dump(
        {
            "id": uuid.uuid4(),
            "type": event_type,
            "occurred_at": clock.now(),
            "producer": producer,
            "version": version,
            "correlation_id": correlation_id,
            "data": payload,
        }
    )
