"""What happens when an invoice is paid, and the money a cancelled order gives back.

`invoice_paid(invoice)` is called by payments inside the transaction that makes the invoice
fully paid. It settles an invoice once (`settled_at`, set by a conditional UPDATE, so a second
call changes nothing):
- an order's invoice starts the order's products (billing.product.ordered), unless the order is
  held by the fraud check (BI11): then they start when the verification releases it
  (placement.verify);
- any other invoice goes to the runs' hooks first: dunning reactivates the products it had
  suspended, and a pro-forma of an automatic or warranty renewal extends its product
  (renewals.invoice_paid); the other `renewal` lines are manual renewals (POST /renewals),
  each product extended by its periods from its current expiry (billing.product.renewed,
  how "manual").
The catalogue (product families) is bound by app.init_database, which every entry point runs.
"""
from services.common import clock

from . import credit_notes, dunning, payers, prepaid, renewals, terms
from .models import Invoice, InvoiceLine, Order, OrderItem, Payment, Product, db, outbox
from .renewal_invoices import RUN, product_facts

REFUND_REASON = "Order cancelled: no verification within 10 days of the fraud check's hold (BI11)"
_bound = {}


def bind_catalogue(catalogue):
    """The product catalogue this process loaded (app.init_database)."""
    _bound["catalogue"] = catalogue


def invoice_paid(invoice):
    """Start or extend what `invoice` pays for, once. Runs in the caller's transaction."""
    if not db.in_transaction():
        raise RuntimeError("invoice_paid runs inside the transaction that records the payment")
    now = clock.utcnow()
    if Invoice.update(settled_at=now).where((Invoice.id == invoice.id) & Invoice.settled_at.is_null()).execute() != 1:
        return
    if invoice.order_id is not None:
        order = Order.get_or_none(Order.id == invoice.order_id)
        if order is not None and order.status in ("placed", "held"):
            Order.update(paid_at=now).where(Order.id == order.id).execute()
            if order.status == "placed":
                start_order(order)
        return
    dunning.invoice_paid(invoice)
    handled = renewals.invoice_paid(invoice)
    for line in invoice.lines.where(InvoiceLine.kind == "renewal").order_by(InvoiceLine.position):
        if line.product_id not in handled:
            _extend(line, invoice)


def start_order(order):
    """BI1: the order's products start today and the order is paid; only the first call (of a
    payment and a verification after it) finds the order placed."""
    changed = Order.update(status="paid").where((Order.id == order.id) & (Order.status == "placed")).execute()
    if changed != 1:
        return []
    invoice = Invoice.get_by_id(order.invoice_id)
    lines = {line.order_item_id: line for line in invoice.lines if line.order_item_id is not None}
    today, started = clock.today(), []
    for item in order.items.order_by(OrderItem.position):
        line = lines[item.id]
        expires = terms.add_months(today, item.months * item.periods)
        product = Product.create(
            organization_id=order.organization_id, billed_organization_id=payers.paying_organization(order.organization_id),
            type=item.product_type, family=_bound["catalogue"].get(item.product_type).family, name=item.name,
            price_minor=line.unit_price_minor * item.units, currency=order.currency, period_months=item.months,
            units=item.units, started_on=today, expires_on=expires, auto_renew=item.auto_renew,
            warranty=item.warranty, billing_address_id=order.billing_address_id, order_id=order.id)
        OrderItem.update(product_id=product.id).where(OrderItem.id == item.id).execute()
        outbox.emit("billing.product.ordered", {
            **product_facts(product), "periods": item.periods, "period_start": today, "period_end": expires,
            "net_minor": line.net_minor, "invoice_id": invoice.id, "ordered_by": ordered_by(order)})
        started.append(product)
    return started


def _extend(line, invoice):
    """BI2: a manual renewal: the product runs the line's periods longer from its current expiry."""
    product = Product.get_or_none(Product.id == line.product_id)
    if product is None or product.status in ("cancelled", "terminated"):
        return
    periods = line.quantity // product.units
    start = product.expires_on
    end = terms.add_months(start, product.period_months * periods)
    Product.update(expires_on=end, price_minor=line.unit_price_minor * product.units).where(
        Product.id == product.id).execute()
    product.expires_on, product.price_minor = end, line.unit_price_minor * product.units
    outbox.emit("billing.product.renewed", {
        **product_facts(product), "periods": periods, "period_start": start, "period_end": end,
        "net_minor": line.net_minor, "invoice_id": invoice.id, "how": "manual",
        "ordered_by": invoice.ordered_by or RUN})


def ordered_by(order):
    return {"account_id": order.ordered_by, "via_kind": order.ordered_via_kind, "via_id": order.ordered_via_id}


def refund_order(order, provider=None):
    """BI11: give back in full what was paid for a cancelled order, in the caller's transaction.
    Its invoice, issued when it was paid, is credited in full (BI5: a credit note, never an edit);
    prepaid payments go back to the prepaid account (billing.prepaid.credited, once per payment),
    the others through the payment provider's refund. Returns the credit note, or None when
    nothing was issued."""
    invoice = Invoice.get_or_none(Invoice.id == order.invoice_id) if order.invoice_id else None
    if invoice is None or invoice.status not in credit_notes.CREDITABLE_STATUSES:
        return None
    left = [{"invoice_line_id": line.id, "amount": amount}
            for line, amount in credit_notes.remaining(invoice) if amount.minor]
    note = credit_notes.issue_credit_note(invoice.id, left, REFUND_REASON) if left else None
    for payment in Payment.select().where((Payment.invoice_id == invoice.id) & (Payment.status == "succeeded")):
        if payment.method == "prepaid":
            prepaid.credit(payment.organization_id, payment.amount, "refund", str(payment.id), note=REFUND_REASON)
        elif payment.method != "iban":  # a bank transfer is paid back by hand from the review of credits
            (provider or _provider()).refund(payment.provider_reference, payment.amount, REFUND_REASON)
        else:
            continue
        Payment.update(status="refunded").where(Payment.id == payment.id).execute()
    return note


def _provider():
    from . import run_context
    from .provider import make_provider

    return make_provider(run_context.current().config)
