"""PA12: the shapes of the directory (directory.py): a partner's profile, the public search and
the public profile."""
import base64
import binascii
import json
import re

from marshmallow import ValidationError, fields, validate, validates_schema

from services.common.schema import Schema, Strict, Timestamp

from .reach import ALL_REGIONS, COUNTRIES, PROFILE_LANGUAGES, SPECIALITIES

LANGUAGE = validate.OneOf(PROFILE_LANGUAGES)
LIMIT_MAX, OFFSET_MAX = 50, 9999
CURSOR = r"^(r[0-9]{1,4}|n[A-Za-z0-9_-]{4,800})$"


DESCRIPTION = {"validate": validate.Length(1, 500), "metadata": {"multiline": True}}


class DescriptionsIn(Strict):
    en = fields.String(**DESCRIPTION)
    fr = fields.String(**DESCRIPTION)
    de = fields.String(**DESCRIPTION)
    it = fields.String(**DESCRIPTION)
    es = fields.String(**DESCRIPTION)

    @validates_schema
    def _one_at_least(self, data, **kwargs):
        if not data:
            raise ValidationError("A description in one language at least.")


class ProfileIn(Strict):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    city = fields.String(required=True, validate=validate.Length(1, 100))
    region = fields.String(required=True, validate=validate.OneOf(ALL_REGIONS),
                           metadata={"description": "ISO 3166-2 code; the country follows from it"})
    languages = fields.List(fields.String(validate=LANGUAGE), required=True,
                            validate=validate.Length(1, len(PROFILE_LANGUAGES)))
    specialities = fields.List(fields.String(validate=validate.OneOf(SPECIALITIES)), required=True,
                               validate=validate.Length(1, len(SPECIALITIES)))
    website = fields.String(load_default=None, allow_none=True, validate=[
        validate.Length(max=300), validate.Regexp(r"^https?://[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?$",
                                                  error="An http:// or https:// address.")])
    descriptions = fields.Nested(DescriptionsIn, required=True, metadata={
        "minProperties": 1, "description": "The short description per language (en fr de it es), at least one"})
    published = fields.Boolean(required=True)
    tenders_opt_in = fields.Boolean(required=True)
    regions_served = fields.List(fields.String(validate=validate.OneOf(ALL_REGIONS + COUNTRIES)),
                                 load_default=list, validate=validate.Length(max=len(ALL_REGIONS)),
                                 metadata={"description": "Region or country codes (a country: all its "
                                                          "regions) for calls for tenders; [] = its own region"})
    new_slug = fields.Boolean(load_default=False, metadata={
        "description": "true: derive the slug (the public URL) from the name anew; otherwise it is kept"})


class ListedOut(Schema):
    """What the directory shows of a profile."""
    slug = fields.String(metadata={"description": "The clean URL: /directory/<slug>"})
    name = fields.String()
    city = fields.String()
    region = fields.String()
    country = fields.String()
    languages = fields.List(fields.String())
    specialities = fields.List(fields.String())
    website = fields.String(allow_none=True)


class PublicProfileOut(ListedOut):
    descriptions = fields.Dict(keys=fields.String(), values=fields.String())
    has_logo = fields.Function(lambda profile: profile.logo_type is not None, metadata={"type": "boolean"})
    updated_at = Timestamp()


class ProfileOut(PublicProfileOut):
    """The partner's own view: the public one and what only it sees."""
    organization_id = fields.UUID()
    published = fields.Boolean()
    tenders_opt_in = fields.Boolean()
    regions_served = fields.List(fields.String())
    version = fields.Integer()
    published_at = Timestamp(allow_none=True)


class LogoIn(Strict):
    image = fields.String(required=True, validate=validate.Length(1, 300_000), metadata={
        "description": "The PNG or JPEG image, base64 (at most 200 kB decoded)"})


class DirectoryQuery(Strict):
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "Words of the name or a "
                      "description (websearch syntax on PostgreSQL: \"phrase\", or)"})
    country = fields.String(validate=validate.OneOf(COUNTRIES))
    region = fields.String(validate=validate.OneOf(ALL_REGIONS))
    language = fields.String(validate=LANGUAGE)
    speciality = fields.String(validate=validate.OneOf(SPECIALITIES))
    lang = fields.String(validate=LANGUAGE, metadata={"description": "The description's language wanted"})
    cursor = fields.String(validate=validate.Regexp(CURSOR, error="Not a cursor this list gave."), metadata={
        "description": "The previous page's next_cursor; one of another search starts from the first page"})
    limit = fields.Integer(load_default=20, validate=validate.Range(1, LIMIT_MAX))


def encode_after(name, slug):
    return "n" + base64.urlsafe_b64encode(json.dumps([name, slug]).encode()).decode().rstrip("=")


def decode_after(cursor):
    """(name, slug) from a name-order cursor, or None when it is not one."""
    try:
        pair = json.loads(base64.urlsafe_b64decode(cursor[1:] + "=" * (-len(cursor[1:]) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    ok = isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) and v for v in pair)
    return tuple(pair) if ok else None


class DirectoryEntryOut(ListedOut):
    description = fields.String(metadata={"description": "In `lang`, else the first of en fr de it es it has"})
    description_language = fields.String()
    has_logo = fields.Boolean()


class DirectoryPageOut(Schema):
    items = fields.List(fields.Nested(DirectoryEntryOut))
    next_cursor = fields.String(allow_none=True, metadata={"description": "Pass as `cursor`; null on the last page"})
