"""PA2's status machine and PA11's rate card arithmetic, without a database: the threshold is
exact to the centime in CHF and EUR, the warning margin too, the grace lasts 90 days; reductions
multiply and a partner price never goes below what the card's highest rate allows."""
from datetime import datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.common.money import Money
from services.common.pricing import FAMILIES, MAX_PARTNER_RATE, factor, partner_price, reduce
from services.partner import products, ratecard, threshold
from services.partner.models import Standing

CARD = ratecard.load()
NOW = datetime(2026, 5, 1, 9, 0)
CURRENCIES = st.sampled_from(["CHF", "EUR"])
STATUSES = st.sampled_from(threshold.STATUSES)


@pytest.fixture(autouse=True)
def configured():
    threshold.configure(CARD)


def at(minor, currency):
    return Money(minor, currency)


@given(CURRENCIES, st.integers(-500, 500), STATUSES)
def test_pa2_the_threshold_is_reached_exactly_at_its_amount(currency, offset, previous):
    limit = ratecard.THRESHOLD[currency].minor
    threshold.configure(CARD)
    status, _grace = threshold.status_for(previous, at(limit + offset, currency), NOW + timedelta(days=1), NOW)
    assert (status in threshold.REACHED) == (offset >= 0)


def test_pa2_2000_00_chf_is_reached_and_1999_99_is_not():
    assert threshold.status_for("lapsed", at(200000, "CHF"), None, NOW)[0] == "warning"
    assert threshold.status_for("lapsed", at(199999, "CHF"), None, NOW)[0] == "lapsed"
    assert threshold.status_for("lapsed", at(180000, "EUR"), None, NOW)[0] == "warning"
    assert threshold.status_for("lapsed", at(179999, "EUR"), None, NOW)[0] == "lapsed"


@given(CURRENCIES, st.integers(-300, 300))
def test_pa2_eligible_from_the_threshold_plus_the_margin_exactly(currency, offset):
    line = ratecard.THRESHOLD[currency].minor * 11 // 10  # 2200.00 CHF, 1980.00 EUR
    status, grace = threshold.status_for("warning", at(line + offset, currency), None, NOW)
    assert status == ("eligible" if offset >= 0 else "warning") and grace is None


def test_pa2_the_margin_is_configurable():
    threshold.configure(CARD, "0.25")
    assert threshold.status_for("lapsed", at(240000, "CHF"), None, NOW)[0] == "warning"
    assert threshold.status_for("lapsed", at(250000, "CHF"), None, NOW)[0] == "eligible"
    with pytest.raises(ValueError):
        threshold.configure(CARD, "10")


@given(st.sampled_from(threshold.REACHED), CURRENCIES, st.integers(1, 100000))
def test_pa2_falling_below_starts_a_90_day_grace(previous, currency, below):
    volume = at(ratecard.THRESHOLD[currency].minor - below, currency)
    assert threshold.status_for(previous, volume, None, NOW) == ("grace", NOW + timedelta(days=90))


def test_pa2_grace_keeps_its_end_then_lapses_and_a_lapsed_partner_stays_lapsed_below():
    end = NOW + timedelta(days=10)
    low = at(100000, "CHF")
    assert threshold.status_for("grace", low, end, NOW) == ("grace", end)
    assert threshold.status_for("grace", low, end, end) == ("lapsed", None)
    assert threshold.status_for("lapsed", low, None, NOW) == ("lapsed", None)
    assert threshold.status_for("grace", at(200000, "CHF"), end, NOW) == ("warning", None)  # back: grace cleared


def test_pa2_a_read_counts_a_grace_past_its_end_as_lapsed():
    standing = Standing(status="grace", grace_ends_at=NOW, currency="CHF", volume_minor=0)
    assert threshold.effective_status(standing, NOW - timedelta(seconds=1)) == "grace"
    assert threshold.effective_status(standing, NOW) == "lapsed"


def test_pa11_benefits_stop_only_when_lapsed_and_keep_the_first_tier_below_it():
    low = at(150000, "CHF")
    assert threshold.benefits_for("lapsed", low) == (False, None)
    assert threshold.benefits_for("grace", low) == (True, CARD.tiers[0])
    assert threshold.benefits_for("eligible", at(1000000, "CHF"))[1].name == "silver"
    assert threshold.rates_of(CARD.tiers[0])["hosting"] == "10"


def test_pa2_progress_is_rounded_down_so_100_means_reached():
    assert str(threshold.progress_percent(at(199999, "CHF"))) == "99.99"
    assert str(threshold.progress_percent(at(200000, "CHF"))) == "100.00"
    assert str(threshold.progress_percent(at(90000, "EUR"))) == "50.00"


@given(st.integers(0, 10**9), st.sampled_from([1, 3, 6, 12, 24, 36]))
def test_pa2_the_annual_price_is_rounded_once(price, months):
    expected = Fraction(price * 12, months)
    got = products.annual(price, months, "CHF").minor
    assert abs(got - expected) <= Fraction(1, 2)


@given(st.integers(0, 10**8), st.lists(st.sampled_from(["0", "5", "10", "12.5", "20", "35"]), max_size=3),
       st.permutations(range(3)))
def test_pa11_reductions_multiply_in_any_order(minor, rates, order):
    public = at(minor, "CHF")
    shuffled = [rates[i] for i in order if i < len(rates)]
    assert reduce(public, *rates) == reduce(public, *shuffled)
    product = Fraction(1)
    for rate in rates:
        product *= 1 - Fraction(rate) / 100
    assert factor(*rates) == product  # multiplied, never added


@given(st.integers(0, 10**8), st.sampled_from([f for f in FAMILIES if f != "domain"]),
       st.integers(0, 10**8), CURRENCIES)
def test_pa11_a_partner_price_never_goes_below_the_card(minor, family, volume_minor, currency):
    public = at(minor, currency)
    rate = CARD.rate(family, at(volume_minor, currency))
    if rate is None:  # below the first tier: no rate at all
        assert volume_minor < ratecard.THRESHOLD[currency].minor
        return
    assert rate <= MAX_PARTNER_RATE
    partner = partner_price(public, rate)
    assert public.times(1 - MAX_PARTNER_RATE / 100, rounding="ROUND_FLOOR") <= partner <= public


def test_pa11_a_rate_card_above_35_percent_is_refused(tmp_path):
    path = tmp_path / "card.yaml"
    path.write_text(ratecard.PACKAGED.read_text().replace('ssl: "35"', 'ssl: "36"'))
    with pytest.raises(ratecard.RateCardError, match="ssl"):
        ratecard.load(path)
