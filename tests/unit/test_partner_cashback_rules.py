"""PA11's cashback rules (services/partner/cashback_rules.py): who earns, how much, and how a
credit note takes it back; the sums exact to the centime (hypothesis)."""
from fractions import Fraction

from hypothesis import given, strategies as st

from services.common.money import Money
from services.partner import cashback_rules as rules

FULL_CLIENT = {"scope": "full", "products": None, "payer": "client"}
FULL_PARTNER = {"scope": "full", "products": None, "payer": "partner"}
LIMITED = {"scope": "limited", "products": {"p1": {"technical": True, "statistics": False}}, "payer": "client"}
CLIENT, DELEGATION, RUN = {"via_kind": "membership"}, {"via_kind": "delegation", "via_id": "l"}, None

chf = st.integers(min_value=0, max_value=10_000_000).map(lambda minor: Money(minor, "CHF"))
rates = st.fractions(min_value=0, max_value=35, max_denominator=100)


def test_pa11_full_scope_client_pays_earns_on_every_order_and_renewal_whoever_ordered():
    for kind in ("order", "renewal", "warranty"):
        for by in (CLIENT, DELEGATION, RUN):
            assert rules.condition(FULL_CLIENT, kind, by) == "full-client-pays"
    assert rules.condition(FULL_CLIENT, "discount", CLIENT) is None


def test_pa11_limited_scope_earns_when_the_client_orders_or_renews_a_listed_product():
    assert rules.covers(LIMITED, "p1") and not rules.covers(LIMITED, "p2") and rules.covers(FULL_CLIENT, "p2")
    assert rules.condition(LIMITED, "order", CLIENT) == "limited"
    assert rules.condition(LIMITED, "renewal", RUN) == "limited"
    assert rules.condition(LIMITED, "order", DELEGATION) is None


def test_pa11_full_scope_partner_pays_earns_only_when_the_client_orders():
    assert rules.condition(FULL_PARTNER, "order", CLIENT) == "full-partner-pays"
    assert rules.condition(FULL_PARTNER, "order", DELEGATION) is None  # the discount was on the invoice
    assert rules.condition(FULL_PARTNER, "renewal", CLIENT) is None
    assert rules.condition(FULL_PARTNER, "renewal", RUN) is None


def test_pa11_the_public_price_is_the_net_before_the_partner_discount():
    line = {"net_minor": 8000, "partner_discount_minor": 2000}
    assert rules.public_of(line, "CHF") == Money(10000, "CHF")
    assert rules.public_of({"net_minor": 950}, "EUR") == Money(950, "EUR")


@given(chf, rates)
def test_pa11_cashback_plus_partner_price_is_the_public_price_exactly(public, rate):
    partner, cashback = rules.earned(public, rate)
    assert partner + cashback == public and cashback.minor >= 0
    assert cashback.minor <= public.minor * Fraction(35, 100) + 1


@given(chf, chf)
def test_pa11_a_domain_earns_the_difference_to_the_catalogue_partner_price(public, catalogue):
    partner, cashback = rules.earned(public, None, catalogue)
    assert partner + cashback == public and partner == min(public, catalogue)


@given(st.integers(min_value=1, max_value=5_000_000), rates,
       st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=6))
def test_pa11_credit_notes_reverse_exactly_the_cashback_of_their_lines(net_minor, rate, weights):
    line_net = Money(net_minor, "CHF")
    _partner, accrued = rules.earned(line_net, rate)
    parts = [part for part in line_net.allocate(weights) if part.minor > 0]
    credited, taken = Money.zero("CHF"), Money.zero("CHF")
    for part in parts:
        reversal = rules.reversal(accrued, taken, credited, part, line_net)
        assert reversal.minor <= 0
        credited, taken = credited + part, taken - reversal
        assert taken <= accrued
    assert credited == line_net and taken == accrued  # a full credit takes back exactly what was earned


@given(st.integers(min_value=1, max_value=5_000_000), rates, st.integers(min_value=1, max_value=99))
def test_pa11_a_partial_credit_reverses_its_share_of_the_cashback(net_minor, rate, percent):
    line_net = Money(net_minor, "CHF")
    _partner, accrued = rules.earned(line_net, rate)
    part = line_net.times(Fraction(percent, 100), rounding=rules.pricing.ROUNDING)
    if 0 < part.minor < net_minor:
        reversal = rules.reversal(accrued, Money.zero("CHF"), Money.zero("CHF"), part, line_net)
        assert reversal == -rules.pricing.share(accrued, part, line_net)


def test_pa11_a_negative_month_credits_nothing_and_carries_the_rest():
    assert rules.statement_amount(1000, 300, 0) == (700, 0)
    assert rules.statement_amount(100, 300, 0) == (0, -200)
    assert rules.statement_amount(500, 0, -200) == (300, 0)
    assert rules.statement_amount(100, 0, -200) == (0, -100)
