"""Partner programme rules as plain Python: no Flask, no peewee, no pika."""


def may_apply_as_partner(kind):
    """PA1: only companies can apply to the reseller programme (individuals: affiliates, PA15)."""
    return kind == "company"
