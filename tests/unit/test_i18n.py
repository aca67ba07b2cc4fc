"""Five languages: choosing one, and amounts and dates formatted per locale with Babel."""
import datetime
from decimal import Decimal

import pytest

from services.common import i18n

# The formatting locales the portal uses: each language's default region, and the regions a
# browser commonly names.
LOCALES = ["en_CH", "fr_CH", "de_CH", "it_CH", "es_ES", "fr_FR", "de_DE", "it_IT", "en_GB"]


def test_amounts_read_as_each_locale_writes_them():
    assert i18n.format_money(Decimal("2000.00"), "CHF", "de_CH") == "CHF\xa02’000.00"
    assert i18n.format_money(Decimal("2000.00"), "EUR", "fr_FR") == "2\u202f000,00\xa0€"
    assert i18n.format_money(Decimal("1800"), "EUR", "de_DE") == "1.800,00\xa0€"
    assert i18n.format_money(Decimal("0.10"), "CHF", "it_CH") == "CHF\xa00.10"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("currency", ["CHF", "EUR"])
def test_amounts_of_a_million_and_more_keep_their_group_separators_in_every_locale(locale, currency):
    """Babel 2.19 drops the Swiss group separator from seven-digit amounts (CHF 1234567.89);
    pyproject pins a release below it, and this test fails on it."""
    for amount, groups in ((Decimal("1234567.89"), 2), (Decimal("1000000000.00"), 3)):
        text = i18n.format_money(amount, currency, locale)
        digits = text.replace("\xa0", " ").strip("CHEURF€ ")
        separators = [c for c in digits if not c.isdigit()][:-1]  # the last one is the decimal mark
        assert len(separators) == groups, (locale, text)


def test_the_saved_preference_wins_over_the_browser_and_english_is_the_fallback():
    browser = [("de-CH", 1.0), ("fr", 0.8)]
    assert i18n.best_language(browser, "it") == "it"
    assert i18n.best_language(browser, None) == "de"
    assert i18n.best_language([("ja", 1.0)], "xx") == "en"


def test_the_browser_region_formats_when_it_matches_the_language():
    assert i18n.formatting_locale("fr", [("fr-FR", 1.0)]) == "fr_FR"
    assert i18n.formatting_locale("fr", [("de-DE", 1.0)]) == "fr_CH"
    assert i18n.formatting_locale("es", []) == "es_ES"


def test_dates_are_shown_in_zurich_time_in_the_persons_language():
    moment = datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.timezone.utc)
    assert i18n.format_date(moment.date(), "de_CH", "long") == "1. Dezember 2026"
    assert "02.12.2026" in i18n.format_datetime(moment, "de_CH")  # 00:30 the next day in Zurich
