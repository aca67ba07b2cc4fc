"""Exact money (BI14): integer minor units plus an ISO 4217 code.

Arithmetic is exact (Decimal inputs, rational intermediates) and rounds only where a
caller names the rounding mode: nothing here rounds on its own, and floats are refused.
"""
from dataclasses import dataclass
from decimal import (ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP,
                     ROUND_UP, Decimal, InvalidOperation)
from fractions import Fraction

MINOR_UNITS = {"CHF": 2, "EUR": 2}
CURRENCIES = tuple(MINOR_UNITS)  # every list of accepted currencies is this one
ROUNDINGS = (ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP)


class CurrencyMismatch(ValueError):
    pass


def exact(value):
    """A number as an exact Fraction: int, Decimal or a decimal string; never a float, whose
    binary value is not the decimal the caller wrote."""
    if isinstance(value, (float, bool)) or not isinstance(value, (int, str, Decimal, Fraction)):
        raise TypeError(f"exact numbers only (int, Decimal, str), not {type(value).__name__}")
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"not a decimal number: {value!r}") from None
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    return Fraction(value)


def round_fraction(value, rounding):
    """The integer `value` (a Fraction) rounds to under `rounding`, a decimal module mode."""
    if rounding not in ROUNDINGS:
        raise ValueError(f"unsupported rounding {rounding!r}")
    floor, remainder = divmod(value.numerator, value.denominator)
    if remainder == 0:
        return floor
    positive = value > 0
    if rounding == ROUND_FLOOR or (rounding == ROUND_DOWN and positive) or (rounding == ROUND_UP and not positive):
        return floor
    if rounding in (ROUND_CEILING, ROUND_DOWN, ROUND_UP):
        return floor + 1
    twice = 2 * remainder
    if twice != value.denominator:
        return floor + (twice > value.denominator)
    if rounding == ROUND_HALF_EVEN:
        return floor + floor % 2
    away_from_zero = rounding == ROUND_HALF_UP
    return floor + (positive == away_from_zero)


@dataclass(frozen=True, eq=False)
class Money:
    minor: int
    currency: str

    def __post_init__(self):
        if self.currency not in MINOR_UNITS:
            raise ValueError(f"unsupported currency {self.currency!r}")
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise TypeError("amounts are whole minor units (int)")

    @classmethod
    def zero(cls, currency):
        return cls(0, currency)

    @classmethod
    def of(cls, amount, currency, rounding=None):
        """From a decimal amount ('12.35', Decimal, int). More decimals than the currency has
        are an error unless `rounding` says how to drop them."""
        if currency not in MINOR_UNITS:
            raise ValueError(f"unsupported currency {currency!r}")
        minor = exact(amount) * 10 ** MINOR_UNITS[currency]
        if rounding is not None:
            return cls(round_fraction(minor, rounding), currency)
        if minor.denominator != 1:
            raise ValueError(f"{amount} has more than {MINOR_UNITS[currency]} decimals for {currency}")
        return cls(minor.numerator, currency)

    @classmethod
    def sum(cls, items, currency):
        """The total of `items`, all in `currency`; zero for none (the currency says which zero)."""
        total = cls.zero(currency)
        for item in items:
            total = total + item
        return total

    @property
    def amount(self):
        return Decimal(self.minor).scaleb(-MINOR_UNITS[self.currency])

    def _same(self, other):
        if not isinstance(other, Money):
            raise TypeError(f"Money and {type(other).__name__} do not mix")
        if self.currency != other.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency} do not mix")
        return other.minor

    def __add__(self, other):
        return Money(self.minor + self._same(other), self.currency)

    def __radd__(self, other):
        # builtin sum() starts from 0; any other left operand is a mistake.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other):
        return Money(self.minor - self._same(other), self.currency)

    def __neg__(self):
        return Money(-self.minor, self.currency)

    # Equality is a value question: CHF 1 is not EUR 1, and sets and dict keys may mix
    # currencies (a hash collision must not raise). Ordering them means a conversion is
    # missing, so <, <=, >, >= raise.
    def __eq__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        return self.minor == other.minor and self.currency == other.currency

    def __hash__(self):
        return hash((self.minor, self.currency))

    def __lt__(self, other):
        return self.minor < self._same(other)

    def __le__(self, other):
        return self.minor <= self._same(other)

    def __gt__(self, other):
        return self.minor > self._same(other)

    def __ge__(self, other):
        return self.minor >= self._same(other)

    def times(self, factor, *, rounding):
        """Multiplied by an exact factor (a quantity, a rate), rounded once with `rounding`."""
        return Money(round_fraction(self.minor * exact(factor), rounding), self.currency)

    def percent(self, rate, *, rounding):
        """`rate` percent of this amount (Decimal("8.1") for VAT, BI14), rounded once."""
        return Money(round_fraction(Fraction(self.minor * exact(rate), 100), rounding), self.currency)

    def allocate(self, ratios):
        """Split into len(ratios) parts in proportion to `ratios` (non-negative, exact numbers,
        e.g. line amounts in minor units) that add up to exactly this amount.

        Largest remainder: each part gets its share rounded toward zero, then the centimes left
        go one each to the parts with the largest dropped fractions, the earlier part first on a
        tie. A negative amount is split as its opposite and negated, so allocate(-x) == -allocate(x).
        """
        weights = [exact(ratio) for ratio in ratios]
        if not weights or any(weight < 0 for weight in weights) or sum(weights) == 0:
            raise ValueError("ratios must be non-negative and not all zero")
        magnitude, total = abs(self.minor), sum(weights)
        shares = [Fraction(magnitude * weight, total) for weight in weights]
        parts = [share.numerator // share.denominator for share in shares]
        left = magnitude - sum(parts)
        by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
        for index in by_remainder[:left]:
            parts[index] += 1
        sign = -1 if self.minor < 0 else 1
        return [Money(sign * part, self.currency) for part in parts]

    def to_dict(self):
        return {"amount": format(self.amount, "f"), "amount_minor": self.minor, "currency": self.currency}

    def __str__(self):
        return f"{format(self.amount, 'f')} {self.currency}"
