"""Ordering rules as plain Python (BI1, BI2, BI4, BI10): what a product type sells, names per
family, periods and their dates, vouchers and promotion codes. No Flask, peewee or pika."""
import re
from decimal import Decimal

from services.common.errors import RuleViolation
from services.common.money import Money

from .domain import ROUNDING

LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")  # one DNS label (ASCII; IDNs in punycode, xn--)
DOMAIN_PREFIX = "domain-"  # a domain type's id is its extension: domain-ch sells names.ch


def extension(product_type):
    return "." + product_type.id[len(DOMAIN_PREFIX):]


def product_name(product_type, name):
    """BI1: the name a product of this type is ordered under, normalized, or RuleViolation.
    Domain names are one label plus the type's extension; SSL certificates name a host (a
    leading "*." for a wildcard); other families take a display name."""
    name = name.strip()
    if product_type.family == "domain":
        lowered, ext = name.lower(), extension(product_type)
        if not (lowered.endswith(ext) and LABEL.match(lowered[:-len(ext)])):
            raise RuleViolation("BI1", f"A {product_type.name} is one name and {ext}, e.g. example{ext}: "
                                       "letters, digits and inner hyphens, at most 63 characters before the dot.")
        return lowered
    if product_type.family == "ssl":
        lowered = name.lower()
        labels = lowered[2:].split(".") if lowered.startswith("*.") else lowered.split(".")
        if len(labels) < 2 or len(lowered) > 253 or not all(LABEL.match(label) for label in labels):
            raise RuleViolation("BI1", "An SSL certificate names a host, e.g. shop.example.ch or *.example.ch.")
        return lowered
    if not name:
        raise RuleViolation("BI1", "Give the product a name.")
    return name


def check_item(product_type, months, periods, units, warranty):
    """BI1, BI2, BI4: a product of this type can be ordered for `periods` periods of `months`."""
    offered = sorted(p.months for p in product_type.prices)
    if months not in offered:
        raise RuleViolation("BI2", f"{product_type.name} is sold by periods of "
                                   f"{' or '.join(str(m) for m in offered)} months.")
    limit = product_type.max_periods or 1
    if periods > limit:
        raise RuleViolation("BI2", f"{product_type.name} can be paid at most {limit} period(s) ahead.")
    if product_type.family == "domain" and units != 1:
        raise RuleViolation("BI1", "A domain name is ordered one at a time (units: 1).")
    if warranty and not product_type.warranty:
        raise RuleViolation("BI4", f"{product_type.name} has no renewal warranty.")


def check_renewal(product_type, status, periods):
    """BI2: a product is renewed for 1 to max_periods periods, unless cancelled or terminated."""
    if product_type is None:
        raise RuleViolation("BI2", "This product type is no longer in the catalogue: it cannot be renewed.")
    if status in ("cancelled", "terminated"):
        raise RuleViolation("BI2", f"A {status} product cannot be renewed.")
    if not product_type.renewable:
        raise RuleViolation("BI2", f"{product_type.name} is not renewed in advance.")
    if periods > product_type.max_periods:
        raise RuleViolation("BI2", f"{product_type.name} can be renewed at most {product_type.max_periods} "
                                   "period(s) at once.")


def item_price(product_type, currency, months, periods, units, voucher=False):
    """(unit price, quantity, free, net) of an order item: the volume-tiered price of one unit for
    one period, `units` × `periods` of them, what a free voucher takes off (the first period,
    BI10), and what is left to pay before VAT."""
    unit = product_type.unit_price(months, currency, units)
    free = unit.times(units, rounding=ROUNDING) if voucher else Money.zero(currency)
    return unit, units * periods, free, unit.times(units * periods, rounding=ROUNDING) - free


def check_voucher(voucher_type, voucher_months, valid_until, used, product_type, months, today):
    """BI10: a free voucher applies to one product type, chosen next to that product."""
    if voucher_type != product_type.id:
        raise RuleViolation("BI10", "This voucher is for another product type: choose it next to that product.")
    if voucher_months != months:
        raise RuleViolation("BI10", f"This voucher pays a period of {voucher_months} months.")
    if used or valid_until < today:
        raise RuleViolation("BI10", "This voucher has expired or was already used.")


def check_promotion(code, currency, today, has_items):
    """BI10: a promotion code applies at the end of an order: a cart with items, in its validity
    dates, below its maximum uses, and (a fixed amount) in the order's currency. `code` is the
    PromotionCode (None: no such code)."""
    if not has_items:
        raise RuleViolation("BI10", "A promotion code applies at the end of the order: add the products first.")
    used_up = code is not None and code.max_uses is not None and code.uses >= code.max_uses
    if code is None or not code.valid_from <= today <= code.valid_until or used_up:
        raise RuleViolation("BI10", "This promotion code is not valid (any more).")
    if code.amount_minor is not None and code.currency != currency:
        raise RuleViolation("BI10", f"This promotion code is in {code.currency}, the order in {currency}.")


def promotion_discount(subtotal, percent=None, amount=None):
    """What a promotion code takes off `subtotal`: a percentage or a fixed amount, never more."""
    discount = subtotal.percent(Decimal(percent), rounding=ROUNDING) if percent is not None else amount
    return min(discount, subtotal)


def split_discount(discount, nets):
    """The discount spread over {vat_category: net} in proportion, adding up to it exactly, so
    that each discount line carries its category's VAT (BI14). Categories with no net get none."""
    categories = [c for c, net in nets.items() if net.minor > 0]
    if discount.minor == 0 or not categories:
        return {}
    parts = discount.allocate([nets[c].minor for c in categories])
    return {c: part for c, part in zip(categories, parts) if part.minor}
