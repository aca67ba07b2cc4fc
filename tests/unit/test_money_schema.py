"""The one JSON shape of an amount (BI14), and the one way amounts are stored."""
import peewee
import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError

from services.common.db import money_property
from services.common.money import CURRENCIES, CurrencyMismatch, Money
from services.common.money_schema import MoneyField, MoneySchema

money = st.builds(Money, st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1), st.sampled_from(CURRENCIES))
SCHEMA = MoneySchema()


def test_bi14_an_amount_is_a_string_with_its_minor_units_and_currency():
    assert SCHEMA.dump(Money.of("12.35", "CHF")) == {"amount": "12.35", "amount_minor": 1235, "currency": "CHF"}
    assert SCHEMA.dump(Money(-5, "EUR")) == {"amount": "-0.05", "amount_minor": -5, "currency": "EUR"}
    assert SCHEMA.load({"amount": "12.3", "currency": "CHF"}) == Money(1230, "CHF")


@given(money)
def test_bi14_what_is_dumped_loads_back_the_same(value):
    dumped = SCHEMA.dump(value)
    assert SCHEMA.load(dumped) == value
    assert SCHEMA.load({"amount": dumped["amount"], "currency": dumped["currency"]}) == value


@pytest.mark.parametrize("body, field", [
    ({"amount": 12.35, "currency": "CHF"}, "amount"),  # a JSON number is a float to most clients
    ({"amount": 12, "currency": "CHF"}, "amount"),
    ({"amount": "12.355", "currency": "CHF"}, "amount"),  # more decimals than CHF has: no rounding
    ({"amount": "1e3", "currency": "CHF"}, "amount"),
    ({"amount": " 12.35", "currency": "CHF"}, "amount"),
    ({"amount": "NaN", "currency": "CHF"}, "amount"),
    ({"amount": "012.35", "currency": "CHF"}, "amount"),
    ({"amount": "92233720368547758.08", "currency": "CHF"}, "amount"),  # 2**63 centimes: no column holds it
    ({"amount": "12.35", "amount_minor": 1234, "currency": "CHF"}, "amount_minor"),
    ({"amount": "12.35", "amount_minor": "1235", "currency": "CHF"}, "amount_minor"),
    ({"amount": "12.35", "currency": "USD"}, "currency"),
    ({"amount": "12.35"}, "currency"),
    ({"amount": "12.35", "currency": "CHF", "vat": "1.00"}, "vat"),
])
def test_bi14_loading_is_strict(body, field):
    with pytest.raises(ValidationError) as error:
        SCHEMA.load(body)
    assert field in error.value.messages


class Line(Schema):
    price = MoneyField(required=True)
    stored = MoneyField(columns=("stored_minor", "currency"), dump_only=True)


def test_money_field_nests_the_shape_and_dumps_from_storage_columns():
    assert Line().load({"price": {"amount": "1.50", "currency": "EUR"}}) == {"price": Money(150, "EUR")}
    dumped = Line().dump({"price": Money(150, "EUR"), "stored_minor": 7, "currency": "EUR"})
    assert dumped == {"price": {"amount": "1.50", "amount_minor": 150, "currency": "EUR"},
                      "stored": {"amount": "0.07", "amount_minor": 7, "currency": "EUR"}}


def test_bi14_amounts_are_stored_as_minor_units_and_a_currency_code():
    database = peewee.SqliteDatabase(":memory:")

    class Account(peewee.Model):
        currency = peewee.CharField(max_length=3)
        balance_minor = peewee.BigIntegerField(default=0)
        balance = money_property("balance_minor")

        class Meta:
            database = None

    with database.bind_ctx([Account]):
        database.create_tables([Account])
        Account.create(currency="CHF", balance=Money.of("-12.35", "CHF"))
        account = Account.get()
        assert (account.balance_minor, account.balance) == (-1235, Money(-1235, "CHF"))
        with pytest.raises(CurrencyMismatch):
            account.balance = Money(1, "EUR")  # would relabel every amount of the row
        assert Account.get().balance == Money(-1235, "CHF")
