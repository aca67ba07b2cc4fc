from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, \
    ROUND_UP, Decimal, localcontext
from fractions import Fraction
from functools import reduce

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.common.money import CurrencyMismatch, Money, round_fraction

amounts = st.integers(min_value=-10**12, max_value=10**12)
chf = amounts.map(lambda minor: Money(minor, "CHF"))
roundings = st.sampled_from([ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_DOWN, ROUND_HALF_EVEN,
                             ROUND_HALF_UP, ROUND_UP])
# Exact decimals with up to 6 places, as rates and percentages are written.
decimals = st.decimals(min_value=-1000, max_value=1000, places=6, allow_nan=False, allow_infinity=False)


def decimal_oracle(minor, factor, rounding):
    """What Decimal itself says: the product is exact at this precision, then one quantize."""
    with localcontext() as context:
        context.prec = 60
        return int((Decimal(minor) * factor).quantize(Decimal(1), rounding=rounding))


def test_bi14_money_is_integer_minor_units_with_iso_currency():
    price = Money.of("12.35", "CHF")
    assert price.minor == 1235 and price.currency == "CHF" and price.amount == Decimal("12.35")
    with pytest.raises(TypeError):
        Money(12.35, "CHF")
    with pytest.raises(ValueError):
        Money(1, "USD")


def test_bi14_floats_are_refused_everywhere():
    for call in (lambda: Money.of(12.35, "CHF"), lambda: Money(1, "CHF").times(1.5, rounding=ROUND_HALF_UP),
                 lambda: Money(1, "CHF").percent(8.1, rounding=ROUND_HALF_UP), lambda: Money(9, "CHF").allocate([0.5])):
        with pytest.raises(TypeError):
            call()


def test_bi14_nothing_rounds_unless_told_how():
    # API change: Money.of no longer rounds half-even on its own, and times() needs a rounding.
    with pytest.raises(ValueError):
        Money.of("0.125", "EUR")
    with pytest.raises(TypeError):
        Money(100, "CHF").times(Decimal("0.081"))
    assert Money.of("0.125", "EUR", rounding=ROUND_HALF_EVEN).minor == 12
    assert Money.of("0.135", "EUR", rounding=ROUND_HALF_EVEN).minor == 14
    assert Money.of("0.125", "EUR", rounding=ROUND_HALF_UP).minor == 13
    assert Money.of("100", "CHF").times(Decimal("0.081"), rounding=ROUND_HALF_EVEN).minor == 810


def test_bi14_vat_is_a_percentage_with_an_explicit_rounding():
    line = Money.of("19.95", "CHF")
    assert line.percent(Decimal("8.1"), rounding=ROUND_HALF_UP) == Money.of("1.62", "CHF")  # 1.61595
    assert Money(50, "CHF").percent(Decimal("1"), rounding=ROUND_HALF_UP) == Money(1, "CHF")  # 0.5
    assert Money(50, "CHF").percent(Decimal("1"), rounding=ROUND_HALF_EVEN) == Money(0, "CHF")
    assert Money(-50, "CHF").percent(Decimal("1"), rounding=ROUND_HALF_UP) == Money(-1, "CHF")
    with pytest.raises(ValueError):
        line.percent(Decimal("8.1"), rounding="ROUND_SOMEHOW")


def test_bi14_currencies_never_mix():
    for mixed in (lambda a, b: a + b, lambda a, b: a - b,
                  lambda a, b: a < b, lambda a, b: a <= b, lambda a, b: a > b, lambda a, b: a >= b):
        with pytest.raises(CurrencyMismatch):
            mixed(Money(1, "CHF"), Money(1, "EUR"))
    assert Money(1, "CHF") != Money(1, "EUR") and len({Money(1, "CHF"), Money(1, "EUR")}) == 2
    with pytest.raises(CurrencyMismatch):
        Money.sum([Money(1, "CHF"), Money(1, "EUR")], "CHF")
    with pytest.raises(TypeError):
        Money(1, "CHF") + 1
    assert Money(1, "CHF") != None  # noqa: E711  (not a currency question: a plain no)


def test_bi14_sum_of_nothing_is_zero_in_the_given_currency():
    assert Money.sum([], "EUR") == Money.zero("EUR")
    assert sum([Money(5, "CHF"), Money(7, "CHF")]) == Money(12, "CHF")
    with pytest.raises(TypeError):
        5 + Money(1, "CHF")


@given(amounts, amounts)
def test_bi14_addition_is_exact(a, b):
    assert (Money(a, "CHF") + Money(b, "CHF")).minor == a + b
    assert (Money(a, "CHF") + Money(b, "CHF") - Money(b, "CHF")) == Money(a, "CHF")


@given(chf, chf, chf)
def test_bi14_addition_is_associative_with_zero_as_identity(a, b, c):
    assert (a + b) + c == a + (b + c)
    assert a + Money.zero("CHF") == a == Money.zero("CHF") + a
    assert a - b == a + -b


@given(chf)
def test_bi14_negation_is_its_own_inverse(a):
    assert -(-a) == a and (a + -a) == Money.zero("CHF") and (-a).minor == -a.minor


@given(chf, chf)
def test_bi14_comparisons_follow_minor_units(a, b):
    assert (a == b, a != b, a < b, a <= b, a > b, a >= b) == \
        (a.minor == b.minor, a.minor != b.minor, a.minor < b.minor, a.minor <= b.minor, a.minor > b.minor,
         a.minor >= b.minor)
    if a == b:
        assert hash(a) == hash(b)


@given(st.lists(chf, max_size=20))
def test_bi14_sum_equals_the_fold(items):
    folded = reduce(lambda total, item: total + item, items, Money.zero("CHF"))
    assert Money.sum(items, "CHF") == folded
    assert Money.sum(items, "CHF").minor == sum(item.minor for item in items)
    if items:
        assert sum(items) == folded


@given(amounts)
def test_bi14_decimal_round_trip_is_lossless(minor):
    money = Money(minor, "EUR")
    assert Money.of(money.amount, "EUR") == money
    assert Money.of(format(money.amount, "f"), "EUR") == money


@given(amounts, decimals, roundings)
def test_bi14_times_matches_decimal_with_the_given_rounding(minor, factor, rounding):
    assert Money(minor, "CHF").times(factor, rounding=rounding).minor == decimal_oracle(minor, factor, rounding)


@given(amounts, decimals, roundings)
def test_bi14_percent_matches_decimal_with_the_given_rounding(minor, rate, rounding):
    result = Money(minor, "CHF").percent(rate, rounding=rounding)
    assert result.minor == decimal_oracle(minor, rate / 100, rounding)


@given(st.integers(-10**6, 10**6), st.integers(1, 10**4), roundings)
def test_rounding_a_fraction_agrees_with_decimal(numerator, denominator, rounding):
    # Division is inexact in Decimal, so compare at a precision where only exact ties tie.
    with localcontext() as context:
        context.prec = 80
        expected = int((Decimal(numerator) / Decimal(denominator)).quantize(Decimal(1), rounding=rounding))
    assert round_fraction(Fraction(numerator, denominator), rounding) == expected


ratios = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12).filter(any)


@given(amounts, ratios)
def test_bi14_allocation_never_loses_a_centime(minor, weights):
    whole = Money(minor, "CHF")
    parts = whole.allocate(weights)
    assert len(parts) == len(weights)
    assert Money.sum(parts, "CHF") == whole
    for part, weight in zip(parts, weights):
        exact_share = Fraction(minor * weight, sum(weights))
        assert abs(part.minor - exact_share) < 1
    assert [-part for part in parts] == (-whole).allocate(weights)


def test_bi14_allocation_ties_go_to_the_earlier_part():
    assert [p.minor for p in Money(100, "CHF").allocate([1, 1, 1])] == [34, 33, 33]
    assert [p.minor for p in Money(2, "CHF").allocate([1, 1, 1])] == [1, 1, 0]
    assert [p.minor for p in Money(-2, "CHF").allocate([1, 1, 1])] == [-1, -1, 0]
    # the largest dropped fraction wins before position does: 5 * 2/7 = 1.43, 5 * 5/7 = 3.57
    assert [p.minor for p in Money(5, "CHF").allocate([2, 5])] == [1, 4]
    assert [p.minor for p in Money.of("10.00", "CHF").allocate([Decimal("0.5"), 0, Decimal("0.25")])] == \
        [667, 0, 333]


def test_allocation_needs_some_non_negative_ratio():
    for weights in ([], [0, 0], [1, -1]):
        with pytest.raises(ValueError):
            Money(10, "CHF").allocate(weights)
