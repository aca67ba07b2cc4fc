"""BI8: the prepaid ledger always sums to the balance, which never goes below zero: random
sequences of deposits, invoice payments and withdrawals (hypothesis), and concurrent debits."""
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.billing import app as billing_app
from services.billing import deposits, payments, prepaid, profiles, service
from services.billing.provider import SandboxProvider
from services.common.errors import RuleViolation
from services.common.money import Money
from tests.conftest import service_config

from .payments_support import invoice, run_together

PROVIDER = SandboxProvider("http://billing.test")
IBAN = "CH93 0076 2011 6238 5295 7"


@pytest.fixture
def billing(tmp_path, databases):
    app = billing_app.create_app(service_config(billing_app, tmp_path, databases, "billing"))
    yield app
    app.extensions["database"].close()


def new_account():
    org = uuid.uuid4()
    service.open_billing_account(org, "CHF")
    card = profiles.create(org, PROVIDER, "card", card_number="4242424242424242", expires="2030-12")
    return org, card


STEPS = st.lists(st.one_of(
    st.tuples(st.just("deposit"), st.integers(1, 1_100_000)),  # BI8 refuses below 10 and above 999,900
    st.tuples(st.just("pay"), st.integers(0, 50_000), st.integers(0, 60_000)),  # net, prepaid part
    st.tuples(st.just("withdraw"), st.integers(1, 300_000)),
), max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_bi8_the_ledger_sums_to_the_balance_under_random_movements(billing, steps):
    org, card = new_account()
    for step in steps:
        before = prepaid.account(org).prepaid_balance_minor
        try:
            if step[0] == "deposit":
                deposits.deposit(org, Money(step[1], "CHF"), card.id, PROVIDER)
            elif step[0] == "withdraw":
                deposits.withdraw(org, Money(step[1], "CHF"), IBAN, PROVIDER)
            else:
                bill = invoice(billing, org, net=str(Money(step[1], "CHF").amount))
                payments.pay_invoice(org, bill.id, PROVIDER, Money(step[2], "CHF"), card.id)
        except RuleViolation as refused:
            assert refused.extensions["rule"] == "BI8"
            assert prepaid.account(org).prepaid_balance_minor == before  # a refusal moves nothing
        balance = prepaid.account(org).prepaid_balance_minor
        assert balance >= 0 and prepaid.ledger_sum(org) == balance


def test_bi8_concurrent_debits_never_take_the_balance_below_zero(billing):
    org, card = new_account()
    deposits.deposit(org, Money.of("100.00", "CHF"), card.id, PROVIDER)
    outcomes = run_together(10, lambda: deposits.withdraw(org, Money.of("30.00", "CHF"), IBAN, PROVIDER))
    assert sorted(type(o).__name__ for o in outcomes) == ["RuleViolation"] * 7 + ["dict"] * 3
    assert prepaid.account(org).prepaid_balance == Money.of("10.00", "CHF") and prepaid.ledger_sum(org) == 1000


def test_bi8_a_credit_by_the_same_reference_from_many_threads_counts_once(billing):
    org, _card = new_account()
    entries = run_together(8, lambda: prepaid.credit(org, Money.of("2.00", "CHF"), "credit", "cashback-2026-04"))
    assert len({entry.id for entry in entries}) == 1
    assert prepaid.account(org).prepaid_balance == Money.of("2.00", "CHF") and prepaid.ledger_sum(org) == 200
