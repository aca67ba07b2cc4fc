"""PA12: the directory's public pages. Search results page by cursor (the service's); a profile
that vanished (unpublished, approval ended) is a 404 page like any unknown one."""
from flask import Response, current_app, render_template, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError, NotFound, Unavailable
from services.common.web_pages import current_language

from ...apis import directory
from ...forms import Form
from ..partner.common import page_size
from . import bp
from .labels import (COUNTRIES, PROFILE_LANGUAGES, SPECIALITIES, country_name, language_name, region_groups,
                     speciality_name)

FILTERS = ("q", "country", "region", "language", "speciality")


def canonical(endpoint, **values):
    """The page's address on the portal's public URL (the same whatever host served it)."""
    return current_app.config["SERVICE_URLS"]["portal"].rstrip("/") + url_for(endpoint, **values)


def _choices():
    return {"countries": [("", _("Any country"))] + [(c, country_name(c)) for c in COUNTRIES],
            "regions": region_groups(),
            "language_choices": [("", _("Any language"))] + [(c, language_name(c)) for c in PROFILE_LANGUAGES],
            "specialities": [("", _("Any speciality"))] + [(c, speciality_name(c)) for c in SPECIALITIES]}


@bp.get("/directory")
def search():
    form = Form({name: request.args.get(name, "").strip() for name in FILTERS})
    cursor, status, page = request.args.get("cursor") or None, 200, {"items": [], "next_cursor": None}
    try:
        page = directory.search(**form.values, lang=current_language(), cursor=cursor,
                                limit=page_size())
    except Unavailable:
        raise
    except DomainError as error:
        form.fail(error)
        status = 422
    chosen = {name: value for name, value in form.values.items() if value}
    next_url = url_for(".search", **chosen, cursor=page["next_cursor"]) if page["next_cursor"] else None
    return render_template("directory/search.html", form=form, page=page, next_url=next_url,
                           first_url=url_for(".search", **chosen) if cursor else None,
                           canonical=canonical(".search", **{k: v for k, v in chosen.items() if k != "q"}),
                           searched=bool(chosen), **_choices()), status


@bp.get("/directory/<slug>")
def profile(slug):
    partner = directory.listed(slug)
    language = current_language()
    shown = language if language in partner["descriptions"] else next(
        code for code in PROFILE_LANGUAGES if code in partner["descriptions"])
    return render_template("directory/profile.html", partner=partner, description_language=shown,
                           canonical=canonical(".profile", slug=partner["slug"]))


@bp.get("/directory/<slug>/logo")
def logo(slug):
    """The partner's logo through the portal (the page's only image source is the portal)."""
    answer = directory.logo(slug, request.headers.get("If-None-Match"))
    if answer.status_code not in (200, 304):
        raise NotFound("No logo.")
    headers = {"ETag": answer.headers.get("ETag", ""), "Cache-Control": "public, max-age=300"}
    return Response(answer.content if answer.status_code == 200 else b"", status=answer.status_code,
                    mimetype=answer.headers.get("Content-Type", "image/png"), headers=headers)
