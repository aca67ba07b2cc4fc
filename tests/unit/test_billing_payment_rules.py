"""BI7, BI8 as plain rules: card numbers and brands, IBAN check digits, deposit and split limits."""
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from services.billing import payment_rules as rules
from services.common.money import Money


def chf(amount):
    return Money.of(amount, "CHF")


def test_bi7_card_check_digits_and_brands():
    assert rules.luhn_valid("4242424242424242") and not rules.luhn_valid("4242424242424241")
    assert not rules.luhn_valid("42424242") and not rules.luhn_valid("4242x24242424242")
    assert rules.card_brand("4242424242424242") == "visa"
    assert rules.card_brand("5555555555554444") == rules.card_brand("2221000000000009") == "mastercard"
    assert rules.card_brand("378282246310005") is None  # American Express
    assert "expired" in rules.card_refusal("4242424242424242", "2026-02", date(2026, 3, 1))
    assert rules.card_refusal("4242424242424242", "2026-03", date(2026, 3, 31)) is None


@given(st.text(alphabet="0123456789", min_size=11, max_size=18))
def test_bi7_one_check_digit_of_ten_makes_a_number_valid(body):
    assert sum(rules.luhn_valid(body + str(digit)) for digit in range(10)) == 1


def test_bi7_iban_mod_97():
    assert rules.iban_valid("CH93 0076 2011 6238 5295 7") and rules.iban_valid("de89370400440532013000")
    assert not rules.iban_valid("CH93 0076 2011 6238 5295 8") and not rules.iban_valid("CH93")
    assert rules.masked_iban("CH93 0076 2011 6238 5295 7") == "CH93 •••• 2957"


def test_bi7_postfinance_is_chf_only():
    assert rules.profile_refusal("postfinance", "EUR") and rules.profile_refusal("postfinance", "CHF") is None
    assert rules.profile_refusal("card", "EUR") is None


@given(st.integers(-10 ** 7, 10 ** 7))
def test_bi8_a_deposit_is_from_0_10_to_9999_00(minor):
    refused = rules.deposit_refusal(Money(minor, "CHF"), "CHF")
    assert (refused is None) == (10 <= minor <= 999_900)


def test_bi8_a_deposit_in_another_currency_than_the_accounts_is_refused():
    assert "CHF" in rules.deposit_refusal(Money.of("10.00", "EUR"), "CHF")


def test_bi8_withdrawals_and_splits():
    assert rules.withdrawal_refusal(chf("10.01"), chf("10.00")) and rules.withdrawal_refusal(chf("0"), chf("10.00"))
    assert rules.withdrawal_refusal(chf("10.00"), chf("10.00")) is None
    assert rules.split_refusal(chf("100.00"), chf("100.00"), chf("100.00"), has_profile=False) is None
    assert rules.split_refusal(chf("100.00"), chf("40.00"), chf("100.00"), has_profile=False)  # the rest needs one
    assert rules.split_refusal(chf("100.00"), chf("40.00"), chf("30.00"), has_profile=True)  # balance too low
    assert rules.split_refusal(chf("100.00"), chf("100.01"), chf("200.00"), has_profile=True)  # more than due
