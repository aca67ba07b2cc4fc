"""Payment and prepaid rules (BI7, BI8) as plain Python: no Flask, no peewee.

Each check returns None when the rule holds, else the sentence that says why not; use cases
turn a sentence into RuleViolation with the rule's id.
"""
import re

from services.common.money import Money

METHODS = ("card", "postfinance", "paypal", "twint", "iban")  # BI7; prepaid is the account itself
CHARGEABLE = ("card", "postfinance", "paypal", "twint")  # what the provider collects; IBAN is a transfer
CARD_BRANDS = ("visa", "mastercard")
DEPOSIT_MIN, DEPOSIT_MAX = "0.10", "9999.00"  # BI8: one deposit, in the account's currency
ACTION_TIMEOUT_MINUTES = 30  # an unanswered 3-D Secure challenge lapses after this


def luhn_valid(number):
    """The check digit of a card number (ISO/IEC 7812)."""
    if not number.isdigit() or not 12 <= len(number) <= 19:
        return False
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(number)):
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def card_brand(number):
    """visa, mastercard, or None for any other network (refused: BI7 names only these two)."""
    if number.startswith("4"):
        return "visa"
    if 51 <= int(number[:2]) <= 55 or 2221 <= int(number[:4]) <= 2720:
        return "mastercard"
    return None


def card_refusal(number, expires, today):
    """Why this card cannot be a profile, or None. `expires` is "YYYY-MM"."""
    if not luhn_valid(number):
        return "The card number is not valid (check digit)."
    if card_brand(number) is None:
        return "Only Visa and Mastercard cards are accepted (or a PostFinance Card as method postfinance)."
    if expires < today.strftime("%Y-%m"):
        return "The card has expired."
    return None


def compact_iban(text):
    return re.sub(r"\s+", "", text).upper()


def iban_valid(text):
    """ISO 13616: two letters, two check digits, up to 30 letters or digits; mod 97 equals 1."""
    iban = compact_iban(text)
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", iban):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def masked_iban(text):
    iban = compact_iban(text)
    return f"{iban[:4]} •••• {iban[-4:]}"


def profile_refusal(method, organization_currency):
    """BI7: PostFinance takes Swiss francs only."""
    if method == "postfinance" and organization_currency != "CHF":
        return "A PostFinance Card pays in CHF only; this organization pays in " + organization_currency + "."
    return None


def deposit_refusal(amount, account_currency):
    """BI8: one deposit is from 0.10 to 9,999.00 in the account's currency."""
    if amount.currency != account_currency:
        return f"The prepaid account is kept in {account_currency}; deposit in {account_currency}."
    if not Money.of(DEPOSIT_MIN, amount.currency) <= amount <= Money.of(DEPOSIT_MAX, amount.currency):
        return f"A deposit is from {DEPOSIT_MIN} to 9,999.00 {amount.currency}."
    return None


def withdrawal_refusal(amount, balance):
    """BI8: what is withdrawn is more than nothing and at most the balance."""
    if amount.currency != balance.currency:
        return f"The prepaid account is kept in {balance.currency}."
    if amount.minor <= 0:
        return "Withdraw more than nothing."
    if amount > balance:
        return f"The balance is {balance.amount} {balance.currency}; withdraw at most that."
    return None


def split_refusal(due, prepaid, balance, has_profile):
    """BI8: prepaid pays all or part of what is due, another method the rest."""
    if prepaid.currency != due.currency:
        return f"The invoice is in {due.currency}."
    if prepaid.minor < 0 or prepaid > due:
        return f"Pay from 0 to the {due.amount} {due.currency} due from the prepaid account."
    if prepaid > balance:
        return f"The prepaid balance is {balance.amount} {balance.currency}."
    if prepaid < due and not has_profile:
        return "The rest needs a payment profile: name one, or set a default."
    return None
