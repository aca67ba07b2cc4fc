"""The ordering rules as plain Python (BI1, BI2, BI4, BI10, BI14)."""
from datetime import date
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.billing import catalogue, order_rules as rules
from services.common.errors import RuleViolation
from services.common.money import Money

CATALOGUE = catalogue.load()


@pytest.mark.parametrize("name, expected", [("Example.CH", "example.ch"), (" xn--bcher-kva.ch ", "xn--bcher-kva.ch"),
                                            ("a-b-c.ch", "a-b-c.ch")])
def test_bi1_a_domain_name_is_normalized(name, expected):
    assert rules.product_name(CATALOGUE.get("domain-ch"), name) == expected


@pytest.mark.parametrize("name", ["example.com", "ex ample.ch", "-a.ch", "a-.ch", "www.example.ch", "example.ch.",
                                  "é.ch", ""])
def test_bi1_a_domain_name_that_is_not_one_label_and_the_extension_is_refused(name):
    with pytest.raises(RuleViolation) as refused:
        rules.product_name(CATALOGUE.get("domain-ch"), name)
    assert refused.value.extensions["rule"] == "BI1"


def test_bi1_other_families_take_a_display_name_and_ssl_a_host():
    assert rules.product_name(CATALOGUE.get("kdrive"), "  Team drive ") == "Team drive"
    assert rules.product_name(CATALOGUE.get("ssl-certificate"), "*.Example.ch") == "*.example.ch"
    with pytest.raises(RuleViolation):
        rules.product_name(CATALOGUE.get("ssl-certificate"), "localhost")


def test_bi2_bi4_what_an_item_may_be():
    rules.check_item(CATALOGUE.get("domain-ch"), 12, 10, 1, True)
    for product_type, months, periods, units, warranty, rule in [
            ("domain-ch", 12, 11, 1, False, "BI2"), ("domain-ch", 1, 1, 1, False, "BI2"),
            ("public-cloud", 1, 2, 1, False, "BI2"), ("domain-ch", 12, 1, 2, False, "BI1"),
            ("nas-synology", 12, 1, 1, True, "BI4")]:
        with pytest.raises(RuleViolation) as refused:
            rules.check_item(CATALOGUE.get(product_type), months, periods, units, warranty)
        assert refused.value.extensions["rule"] == rule


def test_bi10_a_voucher_takes_off_the_first_period_of_every_unit():
    unit, quantity, free, net = rules.item_price(CATALOGUE.get("web-hosting"), "CHF", 12, 3, 5, voucher=True)
    assert (unit, quantity, free, net) == (Money(6750, "CHF"), 15, Money(33750, "CHF"), Money(67500, "CHF"))


def test_bi10_a_promotion_code_is_checked_for_items_dates_uses_and_currency():
    code = SimpleNamespace(valid_from=date(2026, 1, 1), valid_until=date(2026, 1, 31), max_uses=2, uses=1,
                           amount_minor=500, currency="CHF")
    rules.check_promotion(code, "CHF", date(2026, 1, 31), True)
    for args in [(code, "CHF", date(2026, 1, 5), False), (code, "CHF", date(2026, 2, 1), True),
                 (code, "EUR", date(2026, 1, 5), True), (None, "CHF", date(2026, 1, 5), True),
                 (SimpleNamespace(**{**vars(code), "uses": 2}), "CHF", date(2026, 1, 5), True)]:
        with pytest.raises(RuleViolation) as refused:
            rules.check_promotion(*args)
        assert refused.value.extensions["rule"] == "BI10"


@given(st.integers(0, 10 ** 9), st.decimals(min_value=0, max_value=100, places=2), st.integers(0, 10 ** 9))
def test_bi10_a_promotion_never_takes_more_than_the_order(subtotal, percent, amount):
    total = Money(subtotal, "CHF")
    assert Money.zero("CHF") <= rules.promotion_discount(total, percent=str(percent)) <= total
    assert rules.promotion_discount(total, amount=Money(amount, "CHF")) <= total


@given(st.integers(0, 10 ** 7), st.lists(st.integers(0, 10 ** 7), min_size=1, max_size=4))
def test_bi14_a_discount_split_over_vat_categories_adds_up_to_it_exactly(discount, nets):
    categories = {f"c{i}": Money(net, "EUR") for i, net in enumerate(nets)}
    parts = rules.split_discount(Money(discount, "EUR"), categories)
    if any(net for net in nets) and discount:
        assert Money.sum(parts.values(), "EUR") == Money(discount, "EUR")
    assert all(categories[c].minor > 0 for c in parts)
