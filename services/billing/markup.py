"""PX5 markup rules as plain Python: which rule prices a line, and the resale price it gives.

A partner that pays its clients' invoices (PA8) may rebill them at a markup: a rule names the
partner, optionally a client and optionally a product family, and is a percentage or a fixed
amount per line, rounded to a stated step (0.01 or 0.05), in effect from a date. On a date, of
the rules in effect the most specific wins (client and family > client > family > the
partner's default); among equally specific ones the latest `effective_from` (then the latest
created). A rule may not take effect in a month already invoiced for its client(s), so a month
once invoiced never changes.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from services.common.money import Money, round_fraction
from services.common.pricing import ROUNDING

KINDS = ("percent", "amount")
STEPS = {"0.01": 1, "0.05": 5}  # the rounding a rule states, in minor units (centimes, cents)


@dataclass(frozen=True)
class Rule:
    id: object
    client_organization_id: object  # None: every client of the partner
    family: object  # None: every family
    kind: str  # percent | amount
    percent: object  # Decimal when kind == "percent"
    amount: object  # Money when kind == "amount"
    rounding: str  # a key of STEPS
    effective_from: date
    created_at: object = None


def specificity(rule):
    """3 client and family, 2 client, 1 family, 0 the partner's default."""
    return 2 * (rule.client_organization_id is not None) + (rule.family is not None)


def matches(rule, client_id, family):
    return ((rule.client_organization_id is None or str(rule.client_organization_id) == str(client_id))
            and (rule.family is None or rule.family == family))


def applicable(rules, client_id, family, on):
    """The rule that prices a line of `family` for `client_id` on the date `on`, or None."""
    in_effect = [r for r in rules if r.effective_from <= on and matches(r, client_id, family)]
    if not in_effect:
        return None
    return max(in_effect, key=lambda r: (specificity(r), r.effective_from, str(r.created_at or "")))


def resale(cost, rule):
    """What the partner charges its client for a line that cost it `cost` (Money, net): cost
    plus the rule's percentage or amount, rounded once to the rule's step with pricing.ROUNDING.
    Without a rule the line is passed on at cost."""
    if rule is None:
        return cost
    if rule.kind == "percent":
        exact_minor = Fraction(cost.minor) * (1 + Fraction(rule.percent) / 100)
    else:
        exact_minor = Fraction((cost + rule.amount).minor)
    step = STEPS[rule.rounding]
    return Money(round_fraction(Fraction(exact_minor, step), ROUNDING) * step, cost.currency)


def month_of(day):
    """"YYYY-MM" of a date: the month a branded invoice belongs to (margin report)."""
    return f"{day.year:04d}-{day.month:02d}"


def takes_effect_in_invoiced_month(effective_from, last_invoiced_month):
    """PX5: a rule may not take effect in (or before) a month already invoiced for its client."""
    return last_invoiced_month is not None and month_of(effective_from) <= last_invoiced_month
