"""Exact money (BI14): integer minor units plus an ISO 4217 code; arithmetic in Decimal."""
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

MINOR_UNITS = {"CHF": 2, "EUR": 2}


class CurrencyMismatch(ValueError):
    pass


@dataclass(frozen=True, order=False)
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
    def of(cls, amount, currency):
        """From a decimal amount ('12.35', Decimal); half-even rounding to the minor unit."""
        exponent = Decimal(1).scaleb(-MINOR_UNITS[currency])
        value = Decimal(str(amount)).quantize(exponent, rounding=ROUND_HALF_EVEN)
        return cls(int(value.scaleb(MINOR_UNITS[currency])), currency)

    @property
    def amount(self):
        return Decimal(self.minor).scaleb(-MINOR_UNITS[self.currency])

    def _same(self, other):
        if self.currency != other.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency} do not mix")

    def __add__(self, other):
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other):
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __lt__(self, other):
        self._same(other)
        return self.minor < other.minor

    def times(self, factor):
        """Multiply by a Decimal factor (a rate, a quantity), rounding half-even once."""
        return Money.of(self.amount * Decimal(str(factor)), self.currency)

    def to_dict(self):
        return {"amount": str(self.amount), "amount_minor": self.minor, "currency": self.currency}
