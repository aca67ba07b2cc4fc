"""Billing rules as plain Python: no Flask, no peewee, no pika."""
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from services.common.money import Money


def opening_balance(currency):
    """A new organization's prepaid account starts empty, in its own currency (BI8, BI14)."""
    return Money.zero(currency)


CLOSED_PRODUCT_STATUSES = ("terminated", "cancelled")


def deletion_blockers(open_products, prepaid_balance, unpaid_invoices):
    """OR13: what keeps an organization from being deleted; empty when nothing does."""
    blockers = []
    if open_products:
        blockers.append({"reason": "products", "detail": f"{open_products} product(s) not cancelled"})
    if prepaid_balance.minor != 0:
        blockers.append({"reason": "prepaid_balance",
                         "detail": f"prepaid balance is {prepaid_balance.amount} {prepaid_balance.currency}"})
    if unpaid_invoices:
        blockers.append({"reason": "unpaid_invoices", "detail": f"{unpaid_invoices} unpaid invoice(s)"})
    return blockers


# -- BI14: VAT and the one rounding rule ------------------------------------------------------
ROUNDING = ROUND_HALF_UP  # the rounding rule of every amount billing computes, written once
PAYMENT_TERMS_DAYS = 30  # an invoice is due this many days after it is issued (BI6 counts from there)

# VAT rates (percent) by country and category; configuration (VAT_RATES) may replace them.
# Switzerland and Liechtenstein share Swiss VAT; the EU rates are the standard ones of 2026.
DEFAULT_VAT_RATES = ("CH:standard=8.1,CH:reduced=2.6,CH:accommodation=3.8,CH:exempt=0,"
                     "LI:standard=8.1,LI:reduced=2.6,LI:accommodation=3.8,LI:exempt=0,"
                     "FR:standard=20,FR:reduced=5.5,FR:exempt=0,DE:standard=19,DE:reduced=7,DE:exempt=0,"
                     "IT:standard=22,IT:reduced=10,IT:exempt=0,AT:standard=20,AT:reduced=10,AT:exempt=0,"
                     "BE:standard=21,BE:reduced=6,BE:exempt=0,ES:standard=21,ES:reduced=10,ES:exempt=0,"
                     "LU:standard=17,LU:reduced=8,LU:exempt=0,NL:standard=21,NL:reduced=9,NL:exempt=0")


class VatRateError(ValueError):
    pass


def parse_vat_rates(text):
    """{(country, category): Decimal percent} from "CH:standard=8.1,CH:reduced=2.6,..."."""
    rates = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            where, rate = part.split("=")
            country, category = where.split(":")
            value = Decimal(rate)
        except Exception:
            raise VatRateError(f"VAT_RATES: {part!r} is not COUNTRY:category=percent") from None
        if len(country) != 2 or not country.isalpha() or not value.is_finite() or not 0 <= value < 100:
            raise VatRateError(f"VAT_RATES: {part!r}: a 2-letter country and a percentage from 0 to 100")
        rates[(country.upper(), category)] = value
    return rates


def vat_rate(rates, country, category):
    """The percentage due on `category` for a buyer in `country`. A country without its own
    rates is invoiced at the seller's (Swiss) rates: cross-border rules are the operator's
    configuration, not guessed here."""
    return rates.get((country, category), rates.get(("CH", category)))


def line_amounts(unit_price, quantity, rate, discount=None):
    """(net, vat) of one invoice line: `quantity` × `unit_price` less `discount`, and VAT at
    `rate` percent of the net, rounded once with ROUNDING (BI14)."""
    net = unit_price.times(quantity, rounding=ROUNDING) - (discount or Money.zero(unit_price.currency))
    return net, net.percent(rate, rounding=ROUNDING)


def totals(lines, currency):
    """(net, vat, total) of an invoice: the sums of its lines, so that the total is exactly
    the sum of its lines and their VAT (BI14)."""
    net = Money.sum((line[0] for line in lines), currency)
    vat = Money.sum((line[1] for line in lines), currency)
    return net, vat, net + vat


def credited_vat(line_net, line_vat, credited_net_before, credited_vat_before, credit_net):
    """The VAT of a credit of `credit_net` against a line. What has been credited of the line's
    VAT in all is always the line's VAT in proportion to the net credited in all, rounded once
    with ROUNDING: so no credit's VAT is negative, the VAT credited never exceeds the line's,
    and when the whole net is credited exactly the line's VAT is, so that credits for every
    line of an invoice add up to its total to the centime (BI5, BI14)."""
    credited_net = credited_net_before + credit_net
    if credited_net == line_net:
        return line_vat - credited_vat_before
    if line_net.minor == 0:
        return Money.zero(line_net.currency)
    return line_vat.times(Fraction(credited_net.minor, line_net.minor), rounding=ROUNDING) - credited_vat_before


def creditable(line_net, credited_net_before, credit_net):
    """BI5: whether `credit_net` may be credited against a line of `line_net` of which
    `credited_net_before` is credited already: not nothing, of the line's sign (a discount
    line is credited negatively), and never more than what remains of it."""
    if credit_net.minor == 0 or (credit_net.minor > 0) != (line_net.minor > 0):
        return False
    return abs((credited_net_before + credit_net).minor) <= abs(line_net.minor)


def invoice_number(prefix, year, sequence):
    """BI5: e.g. INV-2026-000042; one series per prefix and year, no gaps."""
    return f"{prefix}-{year}-{sequence:06d}"


def qr_reference(year, sequence):
    """The QR reference of an invoice's Swiss QR-bill (BI7 reconciliation matches on it): 26
    digits naming the year and the number in its series, then the mod-10 recursive check digit."""
    digits = f"{year:04d}{sequence:022d}"
    return digits + mod10_recursive(digits)


_MOD10_TABLE = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)


def mod10_recursive(digits):
    """The check digit of Swiss payment references (SIX, QR-bill implementation guidelines)."""
    carry = 0
    for digit in digits:
        carry = _MOD10_TABLE[(carry + int(digit)) % 10]
    return str((10 - carry) % 10)
