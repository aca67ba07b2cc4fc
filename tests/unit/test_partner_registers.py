"""PA1: register numbers (services/partner/registers.py), table by table."""
import pytest

from services.partner.registers import (InvalidRegisterNumber, luhn_valid, register_number, swiss_uid,
                                        uid_check_digit)

# Real UIDs from the Swiss UID register, and the seller's own (services/billing/app.py).
VALID_UIDS = [
    ("CHE-116.281.710", "CHE-116.281.710"),
    ("CHE116281710", "CHE-116.281.710"),
    ("che 116 281 710", "CHE-116.281.710"),
    ("CHE-109.322.551", "CHE-109.322.551"),
    ("CHE-123.456.788", "CHE-123.456.788"),
    (" CHE-123 456 788 ", "CHE-123.456.788"),
]
BAD_UIDS = [
    "CHE-116.281.711",  # check digit off by one
    "CHE-123.456.789",
    "CHE-105.805.080",  # the weighted sum asks for 1
    "CHE-12.345.678",  # 8 digits
    "CHE-1234.567.890",  # 10 digits
    "DE123456789",
    "116281710",  # no CHE
    "CHE-116.281.71O",  # a letter O
    "",
]


@pytest.mark.parametrize("typed, normalised", VALID_UIDS)
def test_pa1_a_swiss_uid_with_its_check_digit_is_accepted_and_normalised(typed, normalised):
    assert swiss_uid(typed) == normalised
    number = register_number("ch", typed)
    assert (number.country, number.kind, number.number, number.manual_review) == ("CH", "uid", normalised, False)


@pytest.mark.parametrize("typed", BAD_UIDS)
def test_pa1_a_swiss_uid_with_a_wrong_check_digit_or_shape_is_refused(typed):
    with pytest.raises(InvalidRegisterNumber):
        register_number("CH", typed)


@pytest.mark.parametrize("first_eight, check", [
    ("11628171", 0),  # 11 - 0 = 11 -> 0
    ("12345678", 8),
    ("10932255", 1),
    ("10580508", 1),
])
def test_pa1_the_uid_check_digit_is_11_minus_the_weighted_sum_mod_11(first_eight, check):
    assert uid_check_digit(first_eight) == check


def test_pa1_a_weighted_sum_asking_for_10_is_never_a_valid_uid():
    # 5*0+4*0+3*0+2*0+7*0+6*0+5*0+4*3 = 12 -> 12 mod 11 = 1 -> 10: no such UID is issued.
    assert uid_check_digit("00000003") is None
    for last in "0123456789":
        with pytest.raises(InvalidRegisterNumber):
            swiss_uid(f"CHE-000.000.03{last}")


VALID_SIRETS = [
    ("73282932000074", "73282932000074"),
    ("732 829 320 00074", "73282932000074"),
    ("44306184100047", "44306184100047"),
    ("55208131766522", "55208131766522"),
    ("35600000049837", "35600000049837"),  # La Poste: digit sum a multiple of 5, not Luhn
]
BAD_SIRETS = [
    "73282932000075",  # Luhn fails
    "12345678901234",
    "35600000000049",  # La Poste, digit sum 27
    "7328293200007",  # 13 digits
    "732829320000740",  # 15 digits
    "7328293200007A",
    "732-829-320-00074",  # only spaces are ignored
]


@pytest.mark.parametrize("typed, normalised", VALID_SIRETS)
def test_pa1_a_french_siret_passing_luhn_is_accepted_and_normalised(typed, normalised):
    number = register_number("FR", typed)
    assert (number.kind, number.number, number.manual_review) == ("siret", normalised, False)


@pytest.mark.parametrize("typed", BAD_SIRETS)
def test_pa1_a_french_siret_failing_its_check_is_refused(typed):
    with pytest.raises(InvalidRegisterNumber):
        register_number("FR", typed)


@pytest.mark.parametrize("digits, valid", [("79927398713", True), ("79927398710", False), ("0", True),
                                           ("18", True), ("19", False)])
def test_luhn_table(digits, valid):
    assert luhn_valid(digits) is valid


@pytest.mark.parametrize("country, typed, normalised", [
    ("DE", "HRB 12345  B", "HRB 12345 B"),
    ("it", "IT 01234567890", "IT 01234567890"),
    ("GB", "CHE-116.281.711", "CHE-116.281.711"),  # not checked as a UID outside Switzerland
])
def test_pa1_another_countrys_number_is_accepted_for_manual_review(country, typed, normalised):
    number = register_number(country, typed)
    assert (number.country, number.kind, number.number, number.manual_review) == (
        country.upper(), "foreign", normalised, True)


@pytest.mark.parametrize("typed", ["", "   ", "x" * 41])
def test_pa1_a_foreign_number_must_say_something_and_fit(typed):
    with pytest.raises(InvalidRegisterNumber):
        register_number("DE", typed)
