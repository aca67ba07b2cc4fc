"""PA2: partner's projection of billing's products (`billing.product.*` → ProductFact).

One row per product at its latest event: an event older than the one applied (by the
envelope's `occurred_at`) changes nothing, so redelivered or late events are harmless. The
annualised net public price is `price × 12 / period_months`, rounded once with the one
rounding rule of the programme (services.common.pricing.ROUNDING). Only products whose status
is `active` count towards a partner's managed volume (volume.py)."""
from fractions import Fraction

from services.common.clock import stored, utcnow
from services.common.money import Money
from services.common.pricing import ROUNDING

from .models import ProductFact
from .statements import exists, insert_row, update_row

COUNTED = "active"  # PA2: the only status whose products are managed volume


def annual(price_minor, period_months, currency):
    """The yearly equivalent (Money) of one period's price: price × 12 / period_months, rounded once."""
    return Money(price_minor, currency).times(Fraction(12, period_months), rounding=ROUNDING)


def record(data, occurred_at):
    """Apply one product event (events.BillingProduct) that occurred at `occurred_at` (aware).
    Returns (the ProductFact as it is now, whether it is new), or (None, False) when the event
    is older than the one known. Three short statements at most: this runs for every event."""
    at = stored(occurred_at)
    values = {"organization_id": data["organization_id"], "product_type": data["product_type"],
              "family": data["family"], "status": data["status"], "currency": data["currency"],
              "price_minor": data["price_minor"], "period_months": data["period_months"],
              "annual_minor": annual(data["price_minor"], data["period_months"], data["currency"]).minor,
              "expires_on": data["expires_on"], "event_at": at, "updated_at": utcnow()}
    product_id = data["product_id"]
    fact = ProductFact(product_id=product_id, **values)
    if not exists(ProductFact, product_id=product_id):
        # The consumer's transaction holds: a second insert of the same product would fail it and
        # the event would be retried, then compared with the row the other one wrote.
        insert_row(ProductFact, product_id=product_id, **values)
        return fact, True
    if update_row(ProductFact, values, product_id=product_id, event_at__le=at):
        return fact, False
    return None, False  # a newer event was applied already


def counts(fact):
    return fact is not None and fact.status == COUNTED
