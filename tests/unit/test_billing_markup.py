"""PX5 markup rules as plain Python: the most specific rule in effect wins, a resale price is
rounded once to the rule's stated step, and a rule may not take effect in an invoiced month."""
import uuid
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from services.billing import markup
from services.common.money import Money

PARTNER_CLIENT, OTHER_CLIENT = uuid.uuid4(), uuid.uuid4()


def rule(client=None, family=None, kind="percent", percent="10", amount=None, rounding="0.01",
         effective_from=date(2026, 1, 1)):
    return markup.Rule(id=uuid.uuid4(), client_organization_id=client, family=family, kind=kind,
                       percent=Decimal(percent) if kind == "percent" else None, amount=amount, rounding=rounding,
                       effective_from=effective_from, created_at=None)


def test_px5_the_most_specific_rule_wins_client_and_family_then_client_then_family_then_default():
    default, family, client = rule(percent="5"), rule(family="hosting", percent="6"), rule(PARTNER_CLIENT, percent="7")
    both = rule(PARTNER_CLIENT, "hosting", percent="8")
    rules = [default, family, client, both]
    on = date(2026, 3, 1)
    assert markup.applicable(rules, PARTNER_CLIENT, "hosting", on) is both
    assert markup.applicable(rules, PARTNER_CLIENT, "domain", on) is client
    assert markup.applicable(rules, OTHER_CLIENT, "hosting", on) is family
    assert markup.applicable(rules, OTHER_CLIENT, "domain", on) is default
    assert markup.applicable([client], OTHER_CLIENT, "domain", on) is None


def test_px5_a_rule_applies_from_its_effective_date_and_a_newer_one_of_the_same_specificity_replaces_it():
    old, new = rule(percent="10"), rule(percent="20", effective_from=date(2026, 6, 1))
    assert markup.applicable([old, new], OTHER_CLIENT, "hosting", date(2026, 5, 31)) is old
    assert markup.applicable([old, new], OTHER_CLIENT, "hosting", date(2026, 6, 1)) is new
    assert markup.applicable([new], OTHER_CLIENT, "hosting", date(2026, 5, 31)) is None


def test_px5_resale_is_cost_plus_percent_or_amount_rounded_to_the_stated_step():
    chf = Money(10003, "CHF")  # 100.03
    assert markup.resale(chf, rule(percent="10")) == Money(11003, "CHF")  # 110.033 -> 110.03
    assert markup.resale(chf, rule(percent="10", rounding="0.05")) == Money(11005, "CHF")  # 110.033 -> 110.05
    assert markup.resale(Money(10000, "CHF"), rule(percent="12.5", rounding="0.05")) == Money(11250, "CHF")
    assert markup.resale(chf, rule(kind="amount", amount=Money(1500, "CHF"), rounding="0.05")) == Money(11505, "CHF")
    assert markup.resale(chf, None) == chf  # no rule: passed on at cost


def test_px5_a_rule_may_not_take_effect_in_a_month_already_invoiced():
    assert markup.takes_effect_in_invoiced_month(date(2026, 3, 31), "2026-03")
    assert markup.takes_effect_in_invoiced_month(date(2026, 2, 1), "2026-03")
    assert not markup.takes_effect_in_invoiced_month(date(2026, 4, 1), "2026-03")
    assert not markup.takes_effect_in_invoiced_month(date(2026, 4, 1), None)


@given(st.integers(-1_000_000, 100_000_000), st.decimals("0.01", "200", places=2), st.sampled_from(["0.01", "0.05"]))
def test_px5_a_percent_resale_is_the_exact_price_rounded_once_half_up_to_the_step(cost, percent, rounding):
    resale = markup.resale(Money(cost, "CHF"), rule(percent=str(percent), rounding=rounding))
    step = markup.STEPS[rounding]
    exact = Fraction(cost) * (1 + Fraction(percent) / 100)
    assert resale.minor % step == 0
    assert abs(resale.minor - exact) <= Fraction(step, 2)  # the nearest multiple of the step
    assert abs(resale.minor - exact) < Fraction(step, 2) or resale.minor * (1 if exact > 0 else -1) > abs(exact)


@given(st.lists(st.tuples(st.sampled_from([None, PARTNER_CLIENT, OTHER_CLIENT]),
                          st.sampled_from([None, "hosting", "domain"]), st.integers(0, 400)), max_size=8),
       st.sampled_from([PARTNER_CLIENT, OTHER_CLIENT]), st.sampled_from(["hosting", "domain"]), st.integers(0, 400))
def test_px5_the_chosen_rule_matches_is_in_effect_and_no_other_rule_in_effect_is_more_specific(
        specs, client, family, day):
    start = date(2026, 1, 1)
    rules = [rule(c, f, effective_from=start + timedelta(days=d)) for c, f, d in specs]
    on = start + timedelta(days=day)
    chosen = markup.applicable(rules, client, family, on)
    in_effect = [r for r in rules if r.effective_from <= on and markup.matches(r, client, family)]
    if chosen is None:
        assert in_effect == []
        return
    assert chosen in in_effect
    assert all(markup.specificity(r) <= markup.specificity(chosen) for r in in_effect)
    assert all(r.effective_from <= chosen.effective_from for r in in_effect
               if markup.specificity(r) == markup.specificity(chosen))
