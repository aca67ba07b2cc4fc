"""BI11 as a scheduled run: an order held by the fraud check and not verified within 10 days is
cancelled, its pro-forma voided, and what was paid for it refunded in full (settlement)."""
from datetime import timedelta

from services.common.runs import Run

from . import settlement
from .models import Invoice, Order, db

VERIFICATION_DAYS = 10  # BI11


def _overdue(now):
    return ((Order.status == "held") & Order.verified_at.is_null()
            & (Order.held_at <= now - timedelta(days=VERIFICATION_DAYS)))


def held_past_verification(now):
    return [row.id for row in Order.select(Order.id).where(_overdue(now)).order_by(Order.held_at)]


def cancel_held_order(order_id, now):
    """Cancel one overdue held order; the condition makes a redo (a restart, a second runner) a no-op."""
    with db.atomic():
        cancelled = Order.update(status="cancelled", cancelled_at=now,
                                 cancel_reason="no verification within 10 days of the fraud check's hold (BI11)").where(
            (Order.id == order_id) & _overdue(now)).execute()
        if cancelled:
            order = Order.get_by_id(order_id)
            Invoice.update(status="void").where(
                (Invoice.id == order.invoice_id) & (Invoice.status == "draft")).execute()
            settlement.refund_order(order)
    return cancelled == 1


RUN = Run("cancel-held-orders", "day", held_past_verification, cancel_held_order)
