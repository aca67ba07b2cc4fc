"""The dates of BI3, BI4 and BI6 (services/billing/terms.py), without I/O."""
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from services.billing import terms
from services.common.errors import RuleViolation

EXPIRY = date(2027, 3, 31)
VISA = ("card", "visa")


def test_bi3_auto_renewal_refused_within_14_days_of_expiry():
    terms.check_auto_renewal_switch_on(EXPIRY, EXPIRY - timedelta(days=15), VISA)
    with pytest.raises(RuleViolation) as refused:
        terms.check_auto_renewal_switch_on(EXPIRY, EXPIRY - timedelta(days=14), VISA)
    assert refused.value.extensions["rule"] == "BI3" and "renew manually first" in refused.value.detail


@pytest.mark.parametrize("profile", [None, ("card", "amex"), ("twint", None), ("postfinance", None), ("iban", None)])
def test_bi3_auto_renewal_needs_a_visa_or_mastercard_default_profile(profile):
    with pytest.raises(RuleViolation):
        terms.check_auto_renewal_switch_on(EXPIRY, date(2026, 1, 1), profile)
    terms.check_auto_renewal_switch_on(EXPIRY, date(2026, 1, 1), ("card", "mastercard"))


def test_bi4_warranty_refused_where_the_catalogue_offers_none_and_always_removable():
    with pytest.raises(RuleViolation):
        terms.check_warranty_offered(False, True)
    terms.check_warranty_offered(False, False)
    terms.check_warranty_offered(True, True)


def test_bi3_charge_attempts_fall_14_10_7_3_and_1_days_before_expiry():
    numbers = {days: terms.charge_attempt(EXPIRY, EXPIRY - timedelta(days=days)) for days in range(0, 20)}
    assert [days for days in range(19, -1, -1) if numbers[days] and numbers[days] != numbers.get(days + 1)] == [
        14, 10, 7, 3, 1]
    assert numbers[15] is None and numbers[0] is None and numbers[14] == 1 and numbers[1] == 5


@given(st.dates(date(2020, 1, 1), date(2040, 1, 1)), st.integers(-5, 30))
def test_bi3_the_charge_window_of_the_attempt_due_contains_the_expiry(today, left):
    expiry = today + timedelta(days=left)
    number = terms.charge_attempt(expiry, today)
    if number is not None:
        first, last = terms.charge_window(number, today)
        assert first <= expiry <= last


def test_bi6_warnings_30_and_7_days_before_the_nearest_reached():
    assert terms.expiry_warning(EXPIRY, EXPIRY - timedelta(days=31)) is None
    assert terms.expiry_warning(EXPIRY, EXPIRY - timedelta(days=30)) == 30
    assert terms.expiry_warning(EXPIRY, EXPIRY - timedelta(days=8)) == 30
    assert terms.expiry_warning(EXPIRY, EXPIRY - timedelta(days=7)) == 7
    assert terms.expiry_warning(EXPIRY, EXPIRY) is None


def test_bi6_dunning_steps_at_due_date_7_15_30_and_45_days():
    due = date(2027, 5, 1)
    assert [terms.dunning_step(due, due + timedelta(days=d)) for d in (-1, 0, 6, 7, 15, 30, 44, 45, 400)] == [
        0, 1, 1, 2, 3, 4, 4, 5, 5]
    assert terms.DUNNING_STEPS[terms.SUSPENDED_AFTER_STEP - 1][1] == "suspension"
    assert terms.dunning_date(due, 3) == date(2027, 5, 16) and terms.dunning_date(due, 5) == date(2027, 6, 15)


@given(st.dates(date(2000, 1, 1), date(2090, 1, 1)), st.integers(1, 120))
def test_adding_months_keeps_the_day_or_takes_the_last_of_a_shorter_month(day, months):
    later = terms.add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)
