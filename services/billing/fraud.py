"""The fraud check (BI11) behind one adapter: `assess(facts) -> Verdict`. Placing an order asks
it before its transaction (a real provider is a remote call).

The local sandbox, the only implementation today (FRAUD_CHECK=sandbox), flags an order by rule:
- the marker (FRAUD_MARKER, default "fraud-test", any case) appears in an item's name or in a
  field of the billing address (name, street, city, email...);
- its amount to pay before VAT is above FRAUD_LIMIT (default 5000.00, in the order's currency).
Anything else passes. A flagged order is held until its verification (placement.py).
"""
from dataclasses import dataclass

from services.common.money import Money

DEFAULT_MARKER = "fraud-test"
DEFAULT_LIMIT = "5000.00"


@dataclass(frozen=True)
class Verdict:
    flagged: bool
    reason: str = None


@dataclass(frozen=True)
class SandboxFraudCheck:
    marker: str
    limit: str  # a decimal amount, read in the order's currency

    def assess(self, facts):
        """`facts`: names (the items'), address (a dict or None), amount (Money, before VAT)."""
        marker = self.marker.lower()
        texts = list(facts["names"]) + [str(v) for v in (facts.get("address") or {}).values() if v]
        if marker and any(marker in text.lower() for text in texts):
            return Verdict(True, "the sandbox's marker appears in the order")
        if facts["amount"] > Money.of(self.limit, facts["amount"].currency):
            return Verdict(True, f"amount above {self.limit} {facts['amount'].currency}")
        return Verdict(False)


def from_config(config):
    kind = config.get("FRAUD_CHECK", "sandbox")
    if kind != "sandbox":
        raise ValueError(f"FRAUD_CHECK: {kind!r} is not a known fraud check (sandbox)")
    limit = config.get("FRAUD_LIMIT", DEFAULT_LIMIT)
    Money.of(limit, "CHF")  # a bad limit stops billing at start, saying why
    return SandboxFraudCheck(config.get("FRAUD_MARKER", DEFAULT_MARKER), limit)
