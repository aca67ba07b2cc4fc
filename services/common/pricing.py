"""The partner programme's price arithmetic (PA11), shared by billing (the discount on a
partner's own orders) and partner (cashback, rate card): one rounding rule, written once.

- Product families are the catalogue's and the rate card's common vocabulary.
- Reductions apply one after the other: each multiplies what the one before left
  (`reduce(price, "20", "10")` is price × 0.8 × 0.9, never price × 0.7), rounded once at
  the end, so the partner price never depends on the order the rates are named in.
- The partner price is the (volume-tiered) public price reduced by the partner rate, except
  for domain names, whose reduced partner price comes from the catalogue.
- Cashback is the public price less the partner price, so that the two always add up to
  the public price exactly, to the centime.
No Flask, no peewee, no pika here.
"""
from decimal import ROUND_HALF_UP
from fractions import Fraction

from services.common.money import Money, exact

FAMILIES = ("domain", "hosting", "ksuite", "kdrive", "mail", "cloud_server", "public_cloud", "swiss_backup",
            "nas", "ssl", "streaming", "ticketing")
CATALOGUE_PRICED = ("domain",)  # PA11: domain names get reduced partner prices instead of a rate
MAX_PARTNER_RATE = Fraction(35)  # PA11: no rate above 35 %
ROUNDING = ROUND_HALF_UP  # the one rounding rule of partner prices, discounts and cashback


def factor(*rates):
    """What is left of a price after the reductions `rates` (percentages), multiplied."""
    left = Fraction(1)
    for rate in rates:
        value = exact(rate)
        if not 0 <= value <= 100:
            raise ValueError(f"a reduction is a percentage from 0 to 100, not {rate}")
        left *= 1 - value / 100
    return left


def reduce(price, *rates):
    """`price` after every reduction in `rates`, one after the other, rounded once."""
    return price.times(factor(*rates), rounding=ROUNDING)


def partner_price(public, rate, catalogue_partner=None):
    """PA11: what the partner pays (or would pay) for something whose public price is `public`:
    the catalogue's reduced partner price when there is one (domain names, never above the
    public price), else the public price reduced by the partner `rate` (a percentage)."""
    if catalogue_partner is not None:
        return min(catalogue_partner, public) if public.minor >= 0 else public
    return reduce(public, rate)


def cashback(public, partner):
    """PA11: the public price less the partner price; never negative."""
    difference = public - partner
    return difference if difference.minor > 0 else Money.zero(public.currency)


def share(amount, part, whole):
    """`amount` × part / whole, rounded with the one rule: the cashback of part of a line
    (a credit note of `part` against a line of `whole`)."""
    if whole.minor == 0:
        return Money.zero(amount.currency)
    return amount.times(Fraction(part.minor, whole.minor), rounding=ROUNDING)
