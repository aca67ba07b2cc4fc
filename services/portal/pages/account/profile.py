"""Profile: first and last name and the preferred language (PATCH /v1/me)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext as _

from services.common.errors import DomainError
from services.common.i18n import LANGUAGE_NAMES, LANGUAGES
from services.common.web_pages import current_language

from . import bp, problems
from ... import context
from ...apis import identity
from ...forms import Form


def _page(form, status=200):
    languages = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
    return render_template("account/profile.html", form=form, language_options=languages), status


@bp.get("/")
def profile():
    me = identity.me()
    return _page(Form(first_name=me.get("first_name"), last_name=me.get("last_name"),
                      language=me.get("language") or current_language()))


@bp.post("/")
def save_profile():
    form = Form(request.form)
    try:
        identity.update_me(first_name=form["first_name"].strip(), last_name=form["last_name"].strip(),
                           language=form["language"])
    except DomainError as error:
        return _page(problems.fail(form, error), 422)
    me = context.remember_me()  # the name in the header and the pages' language follow at once
    with force_locale(me.get("language") or current_language()):
        flash(_("Your profile was saved."), "success")
    return redirect(url_for("account.profile"), code=303)
