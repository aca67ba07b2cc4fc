"""partner's directory (PA12): the public search, profile and logo (no login: asked without a
token), and the partner's own profile and logo as the signed-in person."""
from flask import current_app

from services.common.client import answer

from . import base

SERVICE = "partner"


def _public(path, raw=False, headers=None, **params):
    """A GET of a public endpoint, without the person's token (the directory is the same for all)."""
    url = current_app.config["SERVICE_URLS"][SERVICE].rstrip("/") + path
    response = base._client(SERVICE).session.get(url, params=params or None, headers=headers or {},
                                                 timeout=base._client(SERVICE).timeout)
    return response if raw and response.status_code in (200, 304) else answer(SERVICE, response)


def search(q=None, country=None, region=None, language=None, speciality=None, lang=None, cursor=None, limit=20):
    """{items: [{slug, name, city, region, country, languages, specialities, website, description,
    description_language, has_logo}], next_cursor}."""
    params = {"q": q, "country": country, "region": region, "language": language, "speciality": speciality,
              "lang": lang, "cursor": cursor, "limit": limit}
    return _public("/v1/directory", **{k: v for k, v in params.items() if v not in (None, "")})


def listed(slug):
    """A listed profile (all its descriptions); NotFound once unpublished or no longer approved."""
    return _public(f"/v1/directory/{slug}")


def logo(slug, etag=None):
    """The requests.Response of a listed profile's logo (200, or 304 for a current `etag`)."""
    return _public(f"/v1/directory/{slug}/logo", raw=True, headers={"If-None-Match": etag} if etag else None)


def profile(partner_id):
    """The partner's own profile (NotFound before its first save)."""
    return base.get(SERVICE, f"/v1/partners/{partner_id}/profile")


def save_profile(partner_id, body):
    """The whole profile: {name, city, region, languages, specialities, website, descriptions,
    published, tenders_opt_in, regions_served, new_slug}."""
    return base.put(SERVICE, f"/v1/partners/{partner_id}/profile", body)


def upload_logo(partner_id, image_base64):
    return base.put(SERVICE, f"/v1/partners/{partner_id}/profile/logo", {"image": image_base64})


def remove_logo(partner_id):
    return base.delete(SERVICE, f"/v1/partners/{partner_id}/profile/logo")
