"""Five languages (English, French, German, Italian, Spanish): catalogues, choosing a locale,
and formatting dates and amounts per locale. No Flask here: mails are rendered by workers.

English is the source language: our strings are written in English in the code and the
templates, and every other language has a gettext catalogue per *slice* (a folder with its
own strings, e.g. `services/portal/pages/account/translations/de.po`). A service's
catalogue for a language is the union of its slices' files, read from the .po files at
start (no compiled .mo files to keep in step).
"""
import functools
import io
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _format_date, format_datetime as _format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency
from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "fr", "de", "it", "es")
TRANSLATED = LANGUAGES[1:]  # English is the source
DEFAULT_LANGUAGE = "en"
# Each language's own name, as the language switcher shows it.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "de": "Deutsch", "it": "Italiano", "es": "Español"}
# The region whose conventions format dates and amounts when the browser names none of its own
# for the language: a Swiss provider's customers, except Spanish (Spain).
DEFAULT_REGIONS = {"en": "CH", "fr": "CH", "de": "CH", "it": "CH", "es": "ES"}


def catalogue_files(roots, language):
    """The .po files of `language` under `roots` (each slice keeps `translations/<lang>.po`)."""
    return sorted(path for root in roots for path in Path(root).rglob(f"translations/{language}.po"))


def read_catalogue(path):
    with open(path, "rb") as file:
        return read_po(file, locale=path.stem)


@functools.lru_cache(maxsize=None)
def translations(roots, language):
    """A babel Translations object for `language`: every slice's catalogue under `roots` (a
    tuple of folders) merged; NullTranslations for English. Fuzzy entries are not used."""
    if language not in TRANSLATED:
        return NullTranslations()
    merged = Translations()
    for path in catalogue_files(roots, language):
        buffer = io.BytesIO()
        write_mo(buffer, read_catalogue(path), use_fuzzy=False)
        buffer.seek(0)
        merged.merge(Translations(fp=buffer))
    return merged


class Translator:
    """gettext for one language outside a request (mails): `_("Hello %(name)s", name=...)`."""

    def __init__(self, roots, language):
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._translations = translations(tuple(str(root) for root in roots), self.language)

    def gettext(self, message, **variables):
        text = self._translations.gettext(message)
        return text % variables if variables else text

    def ngettext(self, singular, plural, count, **variables):
        text = self._translations.ngettext(singular, plural, count)
        return text % {"num": count, **variables}

    __call__ = gettext


def N_(message):
    """Marks a message for the catalogues without translating it here: a use case raises it
    in English, and the page that shows it translates it in the reader's language."""
    return message


def language_of(value):
    """One of LANGUAGES from a tag like 'de-CH', 'fr_FR' or 'it', else None."""
    if not value:
        return None
    language = str(value).replace("_", "-").split("-")[0].lower()
    return language if language in LANGUAGES else None


def best_language(accept_languages, *preferred):
    """The first known language among `preferred` (e.g. a saved preference), else the
    browser's best match (`accept_languages`: [(tag, quality)] best first), else English."""
    for value in preferred:
        if language_of(value):
            return language_of(value)
    for tag, _quality in accept_languages or ():
        if language_of(tag):
            return language_of(tag)
    return DEFAULT_LANGUAGE


def formatting_locale(language, accept_languages=()):
    """The locale that formats dates and amounts: the language with the region the browser
    names for it (fr-FR), else the language's default region (fr-CH)."""
    for tag, _quality in accept_languages or ():
        parts = str(tag).replace("_", "-").split("-")
        if len(parts) >= 2 and parts[0].lower() == language and len(parts[1]) == 2:
            candidate = f"{language}_{parts[1].upper()}"
            try:
                Locale.parse(candidate)
                return candidate
            except (ValueError, UnknownLocaleError):
                continue
    return f"{language}_{DEFAULT_REGIONS.get(language, 'CH')}"


def format_money(amount, currency, locale):
    """CHF 2’000.00 in de_CH, 2 000,00 € in fr_FR: `amount` a Decimal (Money.amount)."""
    return format_currency(amount, currency, locale=locale)


def format_date(value, locale, format="medium"):
    return _format_date(value, format=format, locale=locale) if value else ""


def format_datetime(value, locale, format="medium", tzinfo=None):
    """`value` an aware datetime; shown in `tzinfo` (default Europe/Zurich, the provider's)."""
    if not value:
        return ""
    return _format_datetime(value, format=format, tzinfo=tzinfo or "Europe/Zurich", locale=locale)
