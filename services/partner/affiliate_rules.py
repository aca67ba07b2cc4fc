"""PA15, PA3: the affiliate programme's plain rules. No Flask, no peewee, no pika here; the
arithmetic is services/common/pricing.py's (one rounding rule) and the reversal of a credit
note is cashback's (cashback_rules.reversal: a share of what was earned, the completing credit
taking exactly the rest).

- Who may join: an organization that is not a partner (PA3): no approved partnership and no
  pending or approved application.
- Attribution: first referral wins, for 365 days; an affiliate never refers itself and an ended
  affiliate refers nobody.
- Commission: the invoice's net (before VAT) × the configured rate (a percentage, at most 50),
  rounded once.
- Payout: the unpaid balance of the month's end, when it reaches 50.00 in the affiliate's currency.
"""
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from services.common import pricing
from services.common.money import Money, exact

from .cashback_rules import reversal  # noqa: F401 (the same arithmetic, re-exported for affiliates)

MAX_RATE = Fraction(50)  # PA15: a commission of at most 50 %
DEFAULT_RATE = "10"
ATTRIBUTION_DAYS = 365
PAYOUT_MINIMUM_MINOR = 5000  # 50.00 CHF or EUR
SOURCES = ("signup", "order")


def checked_rate(text):
    """The configured AFFILIATE_COMMISSION_RATE as an exact percentage; a rate above 50 % (or
    below 0) stops the service at start (ValueError)."""
    try:
        rate = exact(str(text).strip())
    except (ArithmeticError, ValueError, TypeError):
        raise ValueError(f"AFFILIATE_COMMISSION_RATE must be a percentage, not {text!r}") from None
    if not 0 <= rate <= MAX_RATE:
        raise ValueError(f"AFFILIATE_COMMISSION_RATE must be between 0 and 50 (PA15), not {text}")
    return rate


def may_join(partner_status, open_application):
    """PA3: an organization can be an affiliate unless it is (or is becoming) a partner."""
    return partner_status != "approved" and not open_application


def expires_at(referred_at):
    return referred_at + timedelta(days=ATTRIBUTION_DAYS)


def attributable(affiliate_organization_id, affiliate_status, referred_organization_id):
    """An active affiliate's code attributes any organization but its own."""
    return affiliate_status == "active" and str(affiliate_organization_id) != str(referred_organization_id)


def earns(referred_at, expires, paid_at):
    """A paid invoice earns while the attribution lasts."""
    return referred_at <= paid_at < expires


def commission(net, rate):
    """The commission on an invoice of `net` (Money, before VAT) at `rate` percent, rounded once."""
    if net.minor <= 0:
        return Money.zero(net.currency)
    return net.times(exact(rate) / 100, rounding=pricing.ROUNDING)


def payout_due(balance_minor):
    return balance_minor >= PAYOUT_MINIMUM_MINOR


def rate_text(text):
    """A configured percentage as text without needless zeros: "10.0" -> "10", "12.50" -> "12.5"."""
    return format(Decimal(str(text).strip()).normalize(), "f")
