"""PA11's plain cashback rules: which invoice lines earn a partner cashback, how much, and how
much a credit note takes back. No Flask, no peewee, no pika here; the arithmetic is
services/common/pricing.py's (one rounding rule).

Who earns (decided when the invoice is ISSUED, from the links active then; the benefits are
checked when it is PAID):
- full scope, the client pays: any order or renewal line ("full-client-pays");
- limited scope: the client orders or renews (not through the partner's delegation; a run
  counts as the client's) a product listed in the link ("limited");
- full scope, the partner pays: the client orders ("full-partner-pays"); the partner's own
  orders got the discount on the invoice instead, and renewals earn nothing.
"""
from services.common import pricing
from services.common.money import Money

ORDER_KINDS = ("order",)
RENEWAL_KINDS = ("renewal", "warranty")


def covers(link, product_id):
    """True when an active link `link` ({scope, products}) lets its partner manage `product_id`."""
    if link["scope"] == "full":
        return True
    return link["scope"] == "limited" and str(product_id) in (link.get("products") or {})


def condition(link, line_kind, ordered_by):
    """The PA11 case under which `link`'s partner earns cashback on a line of `line_kind`
    ordered by `ordered_by` ({account_id, via_kind, via_id} or None for a run), else None."""
    by_client = (ordered_by or {}).get("via_kind") != "delegation"
    ordered, renewed = line_kind in ORDER_KINDS, line_kind in RENEWAL_KINDS
    if not (ordered or renewed):
        return None
    if link["scope"] == "limited":
        return "limited" if by_client else None
    if link["payer"] == "client":
        return "full-client-pays"
    return "full-partner-pays" if ordered and by_client else None


def public_of(line, currency):
    """What the line charges before PA11: its net plus the partner discount billing gave it
    (= public_minor − (discount − partner discount))."""
    return Money(line["net_minor"] + (line.get("partner_discount_minor") or 0), currency)


def earned(public, rate, catalogue_partner=None):
    """(partner price, cashback) of a line whose pre-PA11 price is `public`: the cashback
    plus the partner price is the public price exactly."""
    partner = pricing.partner_price(public, rate, catalogue_partner)
    return partner, pricing.cashback(public, partner)


def reversal(accrued, reversed_before, credited_before, credited_now, line_net):
    """What a credit note of `credited_now` takes back of a line of `line_net` whose cashback
    was `accrued` (all Money, positive): − share(accrued, credited_now, line_net), except that
    the credit completing the line (earlier credits `credited_before`, `reversed_before`
    taken back for them) takes exactly the rest, so a full credit reverses the cashback exactly."""
    if credited_before + credited_now >= line_net:
        return -(accrued - reversed_before)
    return -min(pricing.share(accrued, credited_now, line_net), accrued - reversed_before)


def statement_amount(earned_minor, reversed_minor, carried_minor):
    """(amount credited, negative balance carried to the next month) of a month's statement."""
    net = earned_minor - reversed_minor + carried_minor
    return max(0, net), min(0, net)
