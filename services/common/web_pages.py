"""What identity's pages and the portal's share: one look (the `site/layout.html` template and
`site.css`) and Flask-Babel with the catalogues of services.common.i18n.

`init_site(app, ...)` registers both. `init_i18n(app, roots, preferred)`: `preferred()` returns the language the person chose
(saved on the account, or picked with the switcher) or None; the browser's Accept-Language
decides otherwise. Templates get `_`/`ngettext`, the filters `money`, `date` and `datetime`,
and `language`/`languages` for the switcher.
"""
from decimal import Decimal
from pathlib import Path

from flask import Blueprint, current_app, g, request
from flask_babel import Babel, Domain, get_locale

from . import i18n

SITE = Path(__file__).with_name("site")


class CatalogueDomain(Domain):
    """Flask-Babel's domain reading our per-slice .po catalogues (i18n.translations)."""

    def __init__(self, roots):
        super().__init__()
        self.roots = tuple(str(root) for root in roots)

    def get_translations(self):
        locale = get_locale()
        return i18n.translations(self.roots, locale.language if locale else i18n.DEFAULT_LANGUAGE)


class CatalogueBabel(Babel):
    def __init__(self, roots, **kwargs):
        self._catalogue_domain = CatalogueDomain(roots)
        super().__init__(**kwargs)

    @property
    def domain_instance(self):
        return self._catalogue_domain


def current_language():
    """This request's language: the person's choice, else the browser's, else English."""
    if "language" not in g:
        preferred = current_app.extensions["i18n_preferred"]()
        g.language = i18n.best_language(request.accept_languages, preferred)
    return g.language


def _amount(money):
    """Money, or an API's {"amount": "12.30", "currency": "CHF"}."""
    if isinstance(money, dict):
        return Decimal(str(money["amount"])), money["currency"]
    return money.amount, money.currency


def init_i18n(app, roots, preferred):
    app.extensions["i18n_preferred"] = preferred

    def select_locale():
        return i18n.formatting_locale(current_language(), request.accept_languages)

    CatalogueBabel(roots, app=app, locale_selector=select_locale, default_timezone="Europe/Zurich")

    def locale():
        return str(get_locale())

    app.jinja_env.filters["money"] = lambda money: i18n.format_money(*_amount(money), locale())
    app.jinja_env.filters["date"] = lambda value, format="medium": i18n.format_date(value, locale(), format)
    app.jinja_env.filters["datetime"] = lambda value, format="medium": i18n.format_datetime(value, locale(), format)

    @app.context_processor
    def languages():
        get_locale()  # runs the selector, so current_language() is settled
        return {"language": current_language(), "languages": i18n.LANGUAGE_NAMES}


def init_site(app, roots, preferred, csrf_token, switch_language_url, home_url):
    """The shared look and languages on `app`: `roots` the folders of its catalogues,
    `preferred()` the person's chosen language or None, `csrf_token()` the app's form token,
    `switch_language_url` where the switcher posts, `home_url` the portal's home."""
    app.register_blueprint(Blueprint("site", __name__, static_folder=str(SITE / "static"),
                                     static_url_path="/site-static", template_folder=str(SITE / "templates")))
    init_i18n(app, [*roots, SITE], preferred)  # the layout's own strings are a slice of their own
    app.jinja_env.globals.update(csrf_token=csrf_token, switch_language_url=switch_language_url, home_url=home_url)
