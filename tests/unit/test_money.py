from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.common.money import CurrencyMismatch, Money

amounts = st.integers(min_value=-10**12, max_value=10**12)


def test_bi14_money_is_integer_minor_units_with_iso_currency():
    price = Money.of("12.35", "CHF")
    assert price.minor == 1235 and price.currency == "CHF" and price.amount == Decimal("12.35")
    with pytest.raises(TypeError):
        Money(12.35, "CHF")
    with pytest.raises(ValueError):
        Money(1, "USD")


def test_bi14_rounding_is_half_even_to_the_centime():
    assert Money.of("0.125", "EUR").minor == 12
    assert Money.of("0.135", "EUR").minor == 14
    assert Money.of("100", "CHF").times(Decimal("0.081")).minor == 810


def test_bi14_currencies_never_mix():
    with pytest.raises(CurrencyMismatch):
        Money(1, "CHF") + Money(1, "EUR")


@given(amounts, amounts)
def test_bi14_addition_is_exact(a, b):
    assert (Money(a, "CHF") + Money(b, "CHF")).minor == a + b
    assert (Money(a, "CHF") + Money(b, "CHF") - Money(b, "CHF")) == Money(a, "CHF")


@given(amounts)
def test_bi14_decimal_round_trip_is_lossless(minor):
    money = Money(minor, "EUR")
    assert Money.of(money.amount, "EUR") == money
