"""Identity's request and response shapes (marshmallow); the OpenAPI document comes from these."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.common.i18n import LANGUAGES
from services.common.money import CURRENCIES
from services.common.referrals import ReferralCode
from services.common.schema import Schema, Strict, Timestamp

from .domain import ORGANIZATION_KINDS

E164 = r"^\+[1-9][0-9]{6,14}$"
Email = lambda **kw: fields.Email(validate=validate.Length(max=254), **kw)  # noqa: E731
Password = lambda: fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=256))  # noqa: E731
NewPassword = lambda: fields.String(required=True, load_only=True, validate=validate.Length(min=10, max=256),  # noqa: E731
                                    metadata={"description": "At least 10 characters, not only digits, not "
                                              "containing the email's local part, not a common password."})
Mobile = lambda **kw: fields.String(validate=validate.Regexp(E164, error="Not an E.164 number (+41791234567)."),  # noqa: E731
                                    **kw)
Name = lambda **kw: fields.String(**{"required": True, "validate": validate.Length(min=1, max=100), **kw})  # noqa: E731
NOT_BLANK = validate.Regexp(r"\s*\S", error="Must not be blank.")
Language = lambda **kw: fields.String(validate=validate.OneOf(LANGUAGES), metadata={  # noqa: E731
    "description": "The language of the person's mails and pages; null: the browser's."}, **kw)


class NewOrganization(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(ORGANIZATION_KINDS))
    name = fields.String(validate=validate.Length(min=1, max=100),
                         metadata={"description": "Company name; required when kind is company (ID3)."})
    currency = fields.String(load_default="CHF", validate=validate.OneOf(CURRENCIES))


class AccountCreate(Strict):
    email = Email(required=True)
    password = NewPassword()
    first_name = Name()
    last_name = Name()
    organization = fields.Nested(NewOrganization, metadata={
        "description": "Required unless signing up through an invitation (ID3)."})
    mobile = Mobile(metadata={"description": "Mobile number in E.164 form, to recover the login email (ID5)."})
    invitation_token = fields.String(validate=validate.Length(min=10, max=100), metadata={
        "description": "From an organization's invitation link: join it instead of creating one (ID3)."})
    language = Language(allow_none=True)
    referral_code = ReferralCode()  # PA15: passed on in identity.account.registered

    @validates_schema(skip_on_field_errors=False)  # list it with the other missing fields
    def organization_or_invitation(self, data, **kwargs):
        if "organization" not in data and "invitation_token" not in data:
            raise ValidationError("Missing data for required field.", "organization")


class AccountOut(Schema):
    id = fields.UUID()
    email = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    created_at = Timestamp()


class EmailOnly(Strict):
    email = Email(required=True)


class Me(AccountOut):
    mobile = fields.String(allow_none=True)
    recovery_email = fields.String(allow_none=True)
    email_verified = fields.Function(lambda a: a.email_verified_at is not None, metadata={"type": "boolean"})
    two_factor_enabled = fields.Boolean()
    language = fields.String(allow_none=True, metadata={"description": "en, fr, de, it or es; null: the browser's."})


class ProfileChange(Strict):
    """PATCH /v1/me: the fields given change, the others stay."""

    first_name = Name(required=False, validate=[validate.Length(min=1, max=100), NOT_BLANK])
    last_name = Name(required=False, validate=[validate.Length(min=1, max=100), NOT_BLANK])
    language = Language(allow_none=True)


class MobileChange(Strict):
    mobile = Mobile(required=True, allow_none=True, metadata={
        "description": "Mobile number in E.164 form, to recover the login email (ID5); null removes it."})
    password = Password()


class PasswordChange(Strict):
    current_password = Password()
    new_password = NewPassword()


class EmailChange(Strict):
    new_email = Email(required=True)
    password = Password()


class RecoveryEmailChange(Strict):
    email = Email(required=True)
    password = Password()


class PasswordOnly(Strict):
    password = Password()


class NewPasswordOnly(Strict):
    password = NewPassword()


class LoginEmailRecovery(Strict):
    mobile = Mobile(required=True)
    recovery_email = Email()


class TwoFactorStart(Schema):
    secret = fields.String()
    otpauth_uri = fields.String()


class TwoFactorActivate(Strict):
    code = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{6}$", error="Six digits."))


class BackupCodes(Schema):
    backup_codes = fields.List(fields.String(), metadata={"description": "Shown only this once (ID6)."})


class SessionOut(Schema):
    id = fields.UUID()
    created_at = Timestamp()
    ip = fields.String()
    user_agent = fields.String()
    two_factor_passed = fields.Boolean()
    current = fields.Boolean()


class ConsentOut(Schema):
    client_id = fields.String(metadata={"description": "The third-party app"})
    scopes = fields.List(fields.String(), metadata={"description": "Every scope allowed to it"})
    granted_at = Timestamp()


class SessionPath(Strict):
    session_id = fields.UUID(required=True)


class PageArgs(Strict):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class LoginAttemptOut(Schema):
    at = Timestamp()
    ip = fields.String()
    user_agent = fields.String()
    device = fields.Function(lambda a: a.device[:8], metadata={"description": "Start of the device id."})
    success = fields.Boolean()


class LoginActivity(Schema):
    items = fields.List(fields.Nested(LoginAttemptOut))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


class Accepted(Schema):
    status = fields.String()
