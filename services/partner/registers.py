"""PA1: commercial register numbers, checked and normalised. Plain Python, no I/O.

- Switzerland (CH): the UID `CHE-ddd.ddd.ddd`, also typed `CHE123456789` or with spaces; its
  ninth digit is a mod-11 check digit over the first eight (weights 5 4 3 2 7 6 5 4;
  check = 11 - sum mod 11, 11 meaning 0; a result of 10 is never issued, so invalid).
- France (FR): the SIRET, 14 digits (spaces allowed), Luhn. La Poste's establishments (SIREN
  356 000 000) are INSEE's one exception: their digits sum to a multiple of 5 instead.
- Any other country: accepted as typed (trimmed, at most 40 characters) and flagged for staff's
  manual review.
"""
import re
from dataclasses import dataclass

UID_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4)
LA_POSTE_SIREN = "356000000"
MAX_LENGTH = 40


class InvalidRegisterNumber(ValueError):
    """The number is not a well-formed one of its country's register (the message says why)."""


@dataclass(frozen=True)
class RegisterNumber:
    country: str  # ISO 3166-1 alpha-2, upper case
    kind: str  # uid | siret | foreign
    number: str  # normalised
    manual_review: bool


def uid_check_digit(first_eight):
    """The UID's check digit for its first eight digits, or None when the weighted sum gives 10."""
    check = 11 - sum(int(d) * w for d, w in zip(first_eight, UID_WEIGHTS)) % 11
    return None if check == 10 else check % 11


def swiss_uid(text):
    """'CHE-123.456.788' for any accepted spelling, else InvalidRegisterNumber."""
    compact = re.sub(r"[\s.\-]", "", text.upper())
    if not re.fullmatch(r"CHE\d{9}", compact):
        raise InvalidRegisterNumber("A Swiss UID is CHE followed by 9 digits, e.g. CHE-123.456.788.")
    digits = compact[3:]
    if uid_check_digit(digits[:8]) != int(digits[8]):
        raise InvalidRegisterNumber("This Swiss UID's check digit is wrong.")
    return f"CHE-{digits[0:3]}.{digits[3:6]}.{digits[6:9]}"


def luhn_valid(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def french_siret(text):
    """The SIRET's 14 digits for any spelling with spaces, else InvalidRegisterNumber."""
    digits = re.sub(r"\s", "", text)
    if not re.fullmatch(r"\d{14}", digits):
        raise InvalidRegisterNumber("A SIRET is 14 digits.")
    valid = (sum(map(int, digits)) % 5 == 0) if digits.startswith(LA_POSTE_SIREN) else luhn_valid(digits)
    if not valid:
        raise InvalidRegisterNumber("This SIRET's check digit is wrong.")
    return digits


def register_number(country, text):
    """PA1: the checked, normalised register number of a company of `country`."""
    country = country.upper()
    if country == "CH":
        return RegisterNumber(country, "uid", swiss_uid(text), False)
    if country == "FR":
        return RegisterNumber(country, "siret", french_siret(text), False)
    number = " ".join(text.split())
    if not number or len(number) > MAX_LENGTH:
        raise InvalidRegisterNumber(f"A register number is 1 to {MAX_LENGTH} characters.")
    return RegisterNumber(country, "foreign", number, True)
