"""CHF/EUR conversion at a configured rate, recorded with the result (PA2, BI14)."""
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.common.config import load_config
from services.common.exchange import ExchangeRate, convert, parse_rates, rate_for
from services.common.money import CurrencyMismatch, Money

amounts = st.integers(min_value=-10**12, max_value=10**12)
rates = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("2"), places=6).map(
    lambda rate: ExchangeRate("EUR", "CHF", rate))
half_roundings = st.sampled_from([ROUND_HALF_EVEN, ROUND_HALF_UP])


def test_pa2_conversion_records_the_rate_and_rounding_it_used():
    rate = ExchangeRate("EUR", "CHF", Decimal("0.94"))
    to_chf = convert(Money.of("1800.00", "EUR"), rate, rounding=ROUND_HALF_EVEN)
    assert to_chf.converted == Money.of("1692.00", "CHF") and to_chf.original == Money.of("1800", "EUR")
    to_eur = convert(Money.of("2000", "CHF"), rate, rounding=ROUND_HALF_EVEN)
    assert to_eur.converted == Money.of("2127.66", "EUR")  # 2000 / 0.94 = 2127.6595...
    assert to_eur.record() == {"from": "CHF", "to": "EUR", "pair": "EUR/CHF", "rate": "0.94",
                               "rounding": "ROUND_HALF_EVEN"}
    with pytest.raises(TypeError):
        convert(Money(1, "CHF"), rate)  # no rounding named, no conversion


@given(amounts, rates, half_roundings)
def test_pa2_conversion_is_the_exact_product_rounded_once(minor, rate, rounding):
    with localcontext() as context:
        context.prec = 60
        expected = int((Decimal(minor) * rate.rate).quantize(Decimal(1), rounding=rounding))
    assert convert(Money(minor, "EUR"), rate, rounding=rounding).converted == Money(expected, "CHF")


@given(amounts, rates, half_roundings)
def test_pa2_a_round_trip_is_off_by_at_most_the_two_roundings(minor, rate, rounding):
    r = Fraction(rate.rate)
    eur = Money(minor, "EUR")
    back = convert(convert(eur, rate, rounding=rounding).converted, rate, rounding=rounding).converted
    assert back.currency == "EUR" and abs(back.minor - minor) <= Fraction(1, 2) / r + Fraction(1, 2)
    chf = Money(minor, "CHF")
    back = convert(convert(chf, rate, rounding=rounding).converted, rate, rounding=rounding).converted
    assert back.currency == "CHF" and abs(back.minor - minor) <= Fraction(1, 2) * r + Fraction(1, 2)


def test_a_rate_converts_only_its_own_pair_and_is_a_positive_decimal():
    for bad in (("EUR", "EUR", Decimal("1")), ("EUR", "USD", Decimal("1")), ("EUR", "CHF", Decimal("0")),
                ("EUR", "CHF", 0.94), ("EUR", "CHF", Decimal("NaN"))):
        with pytest.raises(ValueError):
            ExchangeRate(*bad)
    rate = ExchangeRate("EUR", "CHF", Decimal("0.94"))
    object.__setattr__(rate, "base", "GBP")  # as a third currency would be: EUR is then outside the pair
    with pytest.raises(CurrencyMismatch):
        convert(Money(1, "EUR"), rate, rounding=ROUND_HALF_EVEN)


def test_pa2_rates_come_from_exchange_rates_with_a_default(monkeypatch):
    monkeypatch.delenv("EXCHANGE_RATES", raising=False)
    default = load_config("partner")["EXCHANGE_RATES"]
    assert rate_for(default, "CHF", "EUR") == rate_for(default, "EUR", "CHF") == \
        ExchangeRate("EUR", "CHF", Decimal("0.94"))
    monkeypatch.setenv("EXCHANGE_RATES", " chf/eur = 1.05 , EUR/CHF=0.93")
    configured = load_config("partner")["EXCHANGE_RATES"]
    assert rate_for(configured, "CHF", "EUR").rate == Decimal("1.05")
    assert rate_for(configured, "EUR", "CHF").rate == Decimal("0.93")
    monkeypatch.setenv("EXCHANGE_RATES", "EUR/CHF=0,94")
    with pytest.raises(ValueError, match="EXCHANGE_RATES"):
        load_config("partner")


def test_malformed_rates_are_named():
    for text in ("EURCHF=0.94", "EUR/CHF", "EUR/CHF=abc", "EUR/USD=1.1", "EUR/CHF=-1"):
        with pytest.raises(ValueError, match="EXCHANGE_RATES entry"):
            parse_rates(text)
    assert parse_rates("") == {}
    with pytest.raises(LookupError, match="EXCHANGE_RATES"):
        rate_for({}, "CHF", "EUR")
