"""PA12: the partner's directory profile: name, place, languages, specialities, website, a short
description per language, the logo (PNG or JPEG, at most 200 kB), whether it is published in
the directory, and for calls for tenders (PA13) the opt-in and the regions served. partner
decides (only an approved partner has a profile: PA12); the page shows what it answered."""
import base64

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError, NotFound, Unavailable

from ...apis import directory
from ...forms import Form
from ..directory.labels import (COUNTRIES, PROFILE_LANGUAGES, SPECIALITIES, country_name, language_name,
                               region_groups, speciality_name)
from . import bp
from .common import fail, organization, render

LOGO_TYPES = ("image/png", "image/jpeg")
LOGO_MAX_BYTES = 200 * 1024  # PA12: 200 kB, as partner counts them
TEXTS = ("name", "city", "region", "website")


def _saved(current):
    try:
        return directory.profile(current["id"])
    except NotFound:  # never saved: the organization's name to start from
        return None


def _form_of(profile, current):
    if profile is None:
        return Form(name=current.get("name") or "", languages=[], specialities=[], regions_served=[], descriptions={})
    return Form({**{name: profile.get(name) or "" for name in TEXTS}, **{name: profile[name] for name in (
        "languages", "specialities", "regions_served", "descriptions", "published", "tenders_opt_in")}})


def _page(form=None, status=200):
    current = organization()
    saved = _saved(current)
    return render("profile.html", status, organization=current, form=form or _form_of(saved, current), saved=saved,
                  regions=region_groups(), countries=[(c, country_name(c)) for c in COUNTRIES],
                  language_choices=[(c, language_name(c)) for c in PROFILE_LANGUAGES],
                  specialities=[(c, speciality_name(c)) for c in SPECIALITIES])


@bp.get("/partner/profile")
def profile():
    return _page()


def _read(form_data):
    """The whole profile as partner takes it, and the form to show it again."""
    body = {name: form_data.get(name, "").strip() for name in TEXTS}
    body.update(website=body["website"] or None, published=form_data.get("published") == "1",
                tenders_opt_in=form_data.get("tenders_opt_in") == "1", new_slug=form_data.get("new_slug") == "1",
                languages=form_data.getlist("languages"), specialities=form_data.getlist("specialities"),
                regions_served=form_data.getlist("regions_served"),
                descriptions={code: form_data.get(f"description_{code}", "").strip() for code in PROFILE_LANGUAGES
                              if form_data.get(f"description_{code}", "").strip()})
    return body, Form({**body, "website": body["website"] or ""})


def _logo(form):
    """The chosen file as partner takes it (base64), checked here first; None: none chosen."""
    upload = request.files.get("logo")
    if not upload or not upload.filename:
        return None
    content = upload.read(LOGO_MAX_BYTES + 1)
    if upload.mimetype not in LOGO_TYPES or not content or len(content) > LOGO_MAX_BYTES:
        form.error("logo", _("Choose a PNG or JPEG image of at most 200 kB."))
        return None
    return base64.b64encode(content).decode()


@bp.post("/partner/profile")
def profile_save():
    current = organization()
    body, form = _read(request.form)
    logo = _logo(form)
    if not body["descriptions"]:
        form.error("descriptions", _("Write a short description in at least one language."))
    if not form.ok:
        return _page(form, 422)
    try:
        saved = directory.save_profile(current["id"], body)
        if logo:
            directory.upload_logo(current["id"], logo)
        elif request.form.get("remove_logo") == "1" and saved.get("has_logo"):
            directory.remove_logo(current["id"])
    except Unavailable:
        raise
    except DomainError as error:
        fail(form, error, {"image": "logo"})
        for name in [n for n in form.errors if n.startswith(("descriptions.", "languages.", "specialities.",
                                                             "regions_served."))]:
            form.errors.setdefault(name.split(".")[0], form.errors.pop(name))  # one message beside the group
        return _page(form, 422)
    flash(_("Your profile was saved.") + " " + (_("It is listed in the directory.") if saved["published"]
                                               else _("It is not listed in the directory.")), "success")
    return redirect(url_for(".profile"), code=303)
