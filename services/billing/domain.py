"""Billing rules as plain Python: no Flask, no peewee, no pika."""
from services.common.money import Money


def opening_balance(currency):
    """A new organization's prepaid account starts empty, in its own currency (BI8, BI14)."""
    return Money.zero(currency)
