"""The events identity produces (account lifecycle, ended sessions and revoked tokens) and
consumes (none: accounts start here). See services/common/events.py for PRODUCED/CONSUMED."""
from marshmallow import fields, validate

from services.common.events import Payload
from services.common.money import CURRENCIES
from services.common.referrals import ReferralCode

from services.common.i18n import LANGUAGES

from .domain import ORGANIZATION_KINDS

Language = lambda: fields.String(load_default=None, allow_none=True, validate=validate.OneOf(LANGUAGES), metadata={  # noqa: E731
    "description": "The language of the person's mails and pages (en, fr, de, it, es); null: the browser's."})


class OrganizationRef(Payload):
    kind = fields.String(required=True, validate=validate.OneOf(ORGANIZATION_KINDS))
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
    language = Language()
    referral_code = ReferralCode(load_default=None)  # PA15: partner attributes the new organization


class AccountProfileChanged(Payload):
    """The person changed their name or language (PATCH /v1/me): the whole profile as it is now."""

    account_id = fields.UUID(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    language = Language()


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


PRODUCED = {
    "identity.account.registered": (1, AccountRegistered),
    "identity.account.verified": (1, AccountVerified),
    "identity.account.email_changed": (1, AccountEmailChanged),
    "identity.account.profile-changed": (1, AccountProfileChanged),
    "identity.account.password_changed": (1, AccountPasswordChanged),
    "identity.account.deleted": (1, AccountDeleted),
    "identity.sessions.revoked": (1, SessionsRevoked),
    "identity.access_token.revoked": (1, AccessTokenRevoked),
}

CONSUMED = {}
