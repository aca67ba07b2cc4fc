"""CHF/EUR conversion at a configured rate, with the rate kept beside the result (PA2, BI14).

Rates are written as the market writes them: `EUR/CHF=0.94` means 1 EUR = 0.94 CHF. One
configured pair converts both ways (multiplying one way, dividing the other), so the two
directions never disagree and a round trip loses at most about a centime.
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from services.common.money import MINOR_UNITS, CurrencyMismatch, Money, exact, round_fraction

# Roughly the 2024-2025 market; operators set the rate they bill with (EXCHANGE_RATES).
DEFAULT_EXCHANGE_RATES = "EUR/CHF=0.94"


@dataclass(frozen=True)
class ExchangeRate:
    """1 `base` = `rate` `quote`."""

    base: str
    quote: str
    rate: Decimal

    def __post_init__(self):
        if self.base not in MINOR_UNITS or self.quote not in MINOR_UNITS or self.base == self.quote:
            raise ValueError(f"not a currency pair: {self.base}/{self.quote}")
        if not isinstance(self.rate, Decimal) or not self.rate.is_finite() or self.rate <= 0:
            raise ValueError(f"a rate is a positive Decimal, not {self.rate!r}")

    def __str__(self):
        return f"{self.base}/{self.quote}={self.rate}"


@dataclass(frozen=True)
class Conversion:
    """A converted amount and how it was obtained: store `record()` with the result."""

    original: Money
    converted: Money
    rate: ExchangeRate
    rounding: str

    def record(self):
        return {"from": self.original.currency, "to": self.converted.currency,
                "pair": f"{self.rate.base}/{self.rate.quote}", "rate": str(self.rate.rate),
                "rounding": self.rounding}


def convert(money, rate, *, rounding):
    """`money` in the other currency of `rate`'s pair, rounded once with `rounding`."""
    if money.currency == rate.base:
        target, factor = rate.quote, exact(rate.rate)
    elif money.currency == rate.quote:
        target, factor = rate.base, 1 / exact(rate.rate)
    else:
        raise CurrencyMismatch(f"{money.currency} is not in {rate.base}/{rate.quote}")
    scale = Fraction(10) ** (MINOR_UNITS[target] - MINOR_UNITS[money.currency])
    converted = Money(round_fraction(money.minor * factor * scale, rounding), target)
    return Conversion(money, converted, rate, rounding)


def parse_rates(text):
    """`EUR/CHF=0.94[, ...]` (EXCHANGE_RATES) as {(base, quote): ExchangeRate}; a malformed
    entry raises ValueError naming it, so a service stops at start-up instead of mispricing."""
    rates = {}
    for entry in filter(None, (part.strip() for part in text.split(","))):
        try:
            pair, value = entry.split("=")
            base, quote = (code.strip().upper() for code in pair.split("/"))
            rate = ExchangeRate(base, quote, Decimal(value.strip()))
        except (ValueError, InvalidOperation) as error:
            raise ValueError(f"EXCHANGE_RATES entry {entry!r}: expected like EUR/CHF=0.94 ({error})") from None
        rates[(base, quote)] = rate
    return rates


def rate_for(rates, source, target):
    """The configured rate converting `source` into `target`: that pair, else its reverse."""
    for pair in ((source, target), (target, source)):
        if pair in rates:
            return rates[pair]
    raise LookupError(f"no exchange rate between {source} and {target}: set EXCHANGE_RATES")
