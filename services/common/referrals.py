"""PA15: the shape of an affiliate's referral code, shared by the services that carry it
(identity's sign-up, billing's orders, partner's affiliates). Eight characters of an alphabet
without the look-alikes 0/O and 1/I, so a code read aloud or copied by hand stays right."""
import re
import secrets

from marshmallow import fields, validate

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 8
PATTERN = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def ReferralCode(**kwargs):  # noqa: N802 (a field factory, named like the fields it makes)
    """An optional referral code: its shape only (whether it exists is partner's business)."""
    kwargs.setdefault("metadata", {"description": "PA15: an affiliate's referral code (8 characters "
                                                  "A-Z and 2-9 without I and O), from the portal's /r/<code>."})
    return fields.String(allow_none=True, validate=validate.Regexp(PATTERN), **kwargs)
