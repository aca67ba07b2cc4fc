"""Billing rules as plain Python: no Flask, no peewee, no pika."""
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
