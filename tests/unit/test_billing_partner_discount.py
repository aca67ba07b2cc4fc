"""PA11 in billing as properties (hypothesis): the partner discount and the partner price add up
to what the line charges, exactly; the discount never exceeds the rate (≤ 35 %) nor, for domain
names, the gap to the catalogue's partner price; without benefits there is none."""
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from services.billing import catalogue, partner_discount
from services.common import pricing
from services.common.money import Money

CATALOGUE = catalogue.load()
charged_strategy = st.integers(0, 10_000_000).map(lambda minor: Money(minor, "CHF"))
rate_strategy = st.decimals(0, 35, places=2).map(str)


@given(charged_strategy, rate_strategy, st.sampled_from([f for f in pricing.FAMILIES if f != "domain"]))
def test_pa11_discount_plus_partner_price_is_what_the_line_charges_and_never_above_the_rate(charged, rate, family):
    taken = partner_discount.discount(charged, family, {family: rate})
    assert taken + pricing.partner_price(charged, rate) == charged
    assert 0 <= taken.minor <= charged.minor * Fraction(35, 100) + Fraction(1, 2)
    assert partner_discount.discount(charged, family, None).minor == 0  # lapsed or unknown: none
    assert partner_discount.discount(charged, family, {}).minor == 0  # no rate for the family


@given(st.integers(1, 10), st.sampled_from([p for p in CATALOGUE.of_family("domain") if p.partner_prices]))
def test_pa11_a_domain_name_is_discounted_to_the_catalogues_partner_price(periods, product_type):
    months = product_type.partner_prices[0].months
    charged = product_type.price(months, "CHF").times(periods, rounding=pricing.ROUNDING)
    partner = partner_discount.catalogue_partner(product_type, months, "CHF", periods)
    assert partner == product_type.price(months, "CHF", partner=True).times(periods, rounding=pricing.ROUNDING)
    assert charged - partner_discount.discount(charged, "domain", {"domain": "30"}, partner) == partner
    assert partner_discount.discount(charged, "domain", {"domain": "30"}, None).minor == 0


def test_pa11_only_domain_names_have_a_catalogue_partner_price():
    hosting = CATALOGUE.get("web-hosting")
    assert partner_discount.catalogue_partner(hosting, 12, "CHF", 1) is None
    assert partner_discount.catalogue_partner(CATALOGUE.get("domain-ch"), 1, "CHF", 1) is None  # no such period
