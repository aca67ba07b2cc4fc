"""PA12: the directory. An approved partner edits its profile (the whole of it at once) and its
logo; anyone searches the published profiles of approved partners and reads one by its slug.

A profile is listed while it is published and its partner approved (Partner.status): every
public read joins both, so a profile vanishes the moment the partner unpublishes or its approval
ends, with no run. The full-text index (directory_search.py) is written in the transaction that
saves the profile. Who may edit: the partner's managers (`partner.manage`); another
organization's profile: 404."""
import base64
import binascii
import hashlib
import json
import re
import unicodedata

import peewee

from services.common.clock import utcnow
from services.common.errors import NotFound, RuleViolation

from . import directory_search
from .models import Partner, Profile, db
from .reach import PROFILE_LANGUAGES, country_of
from .schemas_directory import OFFSET_MAX, decode_after, encode_after

LOGO_LIMIT = 200 * 1024
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
FIELDS = ("name", "city", "region", "languages", "specialities", "website", "descriptions", "published",
          "tenders_opt_in", "regions_served")


def allow(access, account_id, org):
    """The caller manages the partner (`partner.manage`), else 404 (403 for a member without the
    right): checked by the API before the body is read, and so before every use case below."""
    access.require(account_id, "partner.manage", org)


def _own(org):
    profile = Profile.get_or_none(Profile.organization_id == org)
    if profile is None:
        raise NotFound("This partner has no profile yet.")
    return profile


def profile(org):
    return _own(org)


def slug_base(name):
    """The clean URL part of a name: ASCII letters and digits joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:70].strip("-") or "partner"


def _free_slug(name, org):
    base = slug_base(name)
    taken = {row.slug for row in Profile.select(Profile.slug).where(
        ((Profile.slug == base) | Profile.slug.startswith(base + "-")) & (Profile.organization_id != org))}
    number = 1
    while (candidate := base if number == 1 else f"{base}-{number}") in taken:
        number += 1
    return candidate


def save(org, body):
    """PUT: the whole profile. The slug comes from the name on the first save and stays (unless
    `new_slug`); `published_at` is the last time it went public."""
    if not Partner.select().where((Partner.organization_id == org) & (Partner.status == "approved")).exists():
        raise RuleViolation("PA12", "Only an approved partner has a directory profile.")
    values = {name: body[name] for name in FIELDS}
    values.update(country=country_of(body["region"]), languages=sorted(set(body["languages"])),
                  specialities=sorted(set(body["specialities"])), regions_served=sorted(set(body["regions_served"])),
                  updated_at=utcnow())
    for attempt in range(3):  # two partners taking the same free slug at once: the second tries the next
        try:
            with db.atomic():
                return _write(org, values, body.get("new_slug"))
        except peewee.IntegrityError:
            if attempt == 2:
                raise


def _write(org, values, new_slug):
    current = Profile.get_or_none(Profile.organization_id == org)
    if current is None:
        row = Profile.create(organization_id=org, slug=_free_slug(values["name"], org),
                             published_at=values["updated_at"] if values["published"] else None, **values)
    else:
        if new_slug:
            values["slug"] = _free_slug(values["name"], org)
        if values["published"] and not current.published:
            values["published_at"] = values["updated_at"]
        Profile.update(version=Profile.version + 1, **values).where(Profile.organization_id == org).execute()
        row = Profile.get_by_id(org)
    directory_search.reindex(db, row)
    return row


def put_logo(org, image):
    """The logo: a PNG or JPEG (known by its first bytes) of at most 200 kB."""
    try:
        content = base64.b64decode(image, validate=True)
    except (binascii.Error, ValueError):
        raise RuleViolation("PA12", "The logo is not base64.", field="image") from None
    kind = next((media for magic, media in LOGO_TYPES.items() if content.startswith(magic)), None)
    if kind is None:
        raise RuleViolation("PA12", "The logo must be a PNG or JPEG image.", field="image")
    if len(content) > LOGO_LIMIT:
        raise RuleViolation("PA12", "The logo is larger than 200 kB.", field="image")
    with db.atomic():
        _own(org)
        Profile.update(logo=content, logo_type=kind, updated_at=utcnow(), version=Profile.version + 1).where(
            Profile.organization_id == org).execute()
    return Profile.get_by_id(org)


def delete_logo(org):
    with db.atomic():
        _own(org)
        Profile.update(logo=None, logo_type=None, updated_at=utcnow(), version=Profile.version + 1).where(
            Profile.organization_id == org).execute()


# -- public ---------------------------------------------------------------------------------------
def _listed():
    return Profile.select(Profile).join(Partner, on=(Partner.organization_id == Profile.organization_id)).where(
        Profile.published & (Partner.status == "approved"))


def public_profile(slug):
    found = _listed().where(Profile.slug == slug).first()
    if found is None:
        raise NotFound("No such profile in the directory.")
    return found


def public_logo(slug):
    """(bytes, media type, ETag) of a listed profile's logo."""
    found = public_profile(slug)
    if found.logo is None:
        raise NotFound("This profile has no logo.")
    content = bytes(found.logo)
    return content, found.logo_type, hashlib.sha256(content).hexdigest()


def search(query):
    """One page of the directory: by relevance then name with `q`, by name without."""
    q = query.get("q") if query.get("q") and re.search(r"\w", query["q"]) else None
    filters = {**query, "q": q}
    cursor, limit = query.get("cursor") or "", query["limit"]
    # A cursor of another kind (ranked vs by name) or that does not decode: the first page.
    offset = int(cursor[1:]) if q and cursor.startswith("r") else 0
    after = decode_after(cursor) if not q and cursor.startswith("n") else None
    rows = directory_search.search(db, filters, after, offset, limit)
    items = [_entry(row, query.get("lang")) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit and not (q and offset + limit > OFFSET_MAX):
        next_cursor = f"r{offset + limit}" if q else encode_after(items[-1]["name"], items[-1]["slug"])
    return {"items": items, "next_cursor": next_cursor}


def _entry(row, lang):
    for column in ("languages", "specialities", "descriptions"):
        row[column] = json.loads(row[column])
    descriptions = row.pop("descriptions")
    language = lang if lang in descriptions else next(code for code in PROFILE_LANGUAGES if code in descriptions)
    return {**row, "description": descriptions[language], "description_language": language,
            "has_logo": row.pop("logo_type") is not None}
