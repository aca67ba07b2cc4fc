"""Paying an invoice (BI7, BI8): prepaid for all or part, a payment profile for the rest.

One transaction per request. The invoice row is locked first, so two payments of one invoice
run one after the other and it is fully paid exactly once. The prepaid part and the provider's
charge are tried under a savepoint: a declined charge rolls the prepaid debit back and only
the failed attempt is kept. When the provider asks for 3-D Secure, the prepaid part stays
taken (a `pending` prepaid payment) until the challenge is answered (`challenges.py`):
approved, both count; failed or lapsed (ACTION_TIMEOUT_MINUTES), the prepaid part is given back.
A draft (an order's pro-forma) is issued when it is fully paid, then marked paid; then
billing.invoice.paid is emitted and `settlement.invoice_paid(invoice)` runs, all in the same
transaction.
"""
from datetime import timedelta

from services.common import clock
from services.common.db import for_update
from services.common.errors import Conflict, NotFound, RuleViolation
from services.common.money import Money

from . import invoicing, payment_rules, prepaid, profiles, settlement
from .models import Invoice, Order, Payment, db, outbox

PAYABLE = ("draft", "issued")


def locked_invoice(organization_id, invoice_id):
    invoice = for_update(Invoice.select().where((Invoice.id == invoice_id)
                                                & (Invoice.organization_id == organization_id))).first()
    if invoice is None:
        raise NotFound("No such invoice.")
    return invoice


def charge(provider, profile, amount, purpose, invoice_id=None, description=""):
    """Ask the provider to collect `amount` with `profile`; the attempt as a Payment row."""
    if profile.method not in payment_rules.CHARGEABLE:
        raise RuleViolation("BI7", "An IBAN profile pays by bank transfer (the invoice's QR reference "
                                   "or number), not through the provider; choose another profile.")
    if profile.method == "postfinance" and amount.currency != "CHF":
        raise RuleViolation("BI7", "A PostFinance Card pays in CHF only.")
    result = provider.charge(profile.provider_token, amount, description)
    done = clock.utcnow() if result.status != "requires_action" else None
    return Payment.create(organization_id=profile.organization_id, invoice_id=invoice_id, purpose=purpose,
                          method=profile.method, profile_id=profile.id, amount_minor=amount.minor,
                          currency=amount.currency, status=result.status, provider_reference=result.reference,
                          action_url=result.action_url, failure=result.failure, completed_at=done)


def pay_invoice(organization_id, invoice_id, provider, prepaid_amount=None, profile_id=None, payer=None,
                families=None):
    """Pay what is due on the invoice: {status, action_url, payments, invoice}. `payer` is
    OrderedBy's shape (who acts, and via what), used when a draft without an order is issued."""
    with db.atomic():
        invoice = locked_invoice(organization_id, invoice_id)
        if invoice.status not in PAYABLE:
            raise Conflict(f"The invoice is {invoice.status}; there is nothing to pay.")
        waiting = _challenge_in_progress(invoice)
        if waiting is not None:
            raise Conflict("A payment of this invoice waits for 3-D Secure; complete it or try again after "
                           f"{payment_rules.ACTION_TIMEOUT_MINUTES} minutes.", action_url=waiting.action_url)
        due = amount_due(invoice)
        take = prepaid_amount if prepaid_amount is not None else Money.zero(invoice.currency)
        account = prepaid.account(organization_id, lock=True)
        profile = (profiles.get(organization_id, profile_id) if profile_id is not None
                   else profiles.default(organization_id) if take.currency == due.currency and take < due else None)
        refusal = payment_rules.split_refusal(due, take, account.prepaid_balance, profile is not None)
        if refusal:
            raise RuleViolation("BI8", refusal)
        rest, made, result = due - take, [], None
        with db.atomic() as attempt:
            if take.minor > 0:
                made.append(Payment.create(organization_id=organization_id, invoice_id=invoice.id, method="prepaid",
                                           amount_minor=take.minor, currency=take.currency, status="pending"))
                prepaid.move(organization_id, take, "payment", str(made[0].id), note=_name(invoice))
            if rest.minor > 0:
                result = charge(provider, profile, rest, "invoice", invoice.id, _name(invoice))
                if result.status == "failed":
                    attempt.rollback()  # nothing taken: the prepaid debit goes too
        if result is not None and result.status == "failed":
            result.save(force_insert=True)  # the declined attempt is kept, alone
            made = [result]
        elif result is not None:
            made.append(result)
        status = result.status if result is not None else "succeeded"
        if status == "succeeded":
            settle(invoice, made, payer, families)
        return {"status": status, "action_url": result.action_url if result else None, "payments": made,
                "invoice": Invoice.get_by_id(invoice.id)}


def charge_invoice(invoice, profile, provider=None):
    """An automatic charge, nobody present (BI3: renewal runs call it through run_context): what
    is due, all with `profile`. "succeeded" once the invoice is paid, else "failed"; a card that
    asks for 3-D Secure fails (no one can answer), as does a profile that cannot pay (BI7)."""
    if provider is None:
        from . import run_context  # the runs' composition root (worker or operator CLI) holds the config
        from .provider import make_provider

        provider = make_provider(run_context.current().config)
    with db.atomic():
        invoice = locked_invoice(invoice.organization_id, invoice.id)
        if invoice.status not in PAYABLE:
            return "succeeded" if invoice.status == "paid" else "failed"
        due, made = amount_due(invoice), []
        if due.minor > 0:
            if profile.method not in payment_rules.CHARGEABLE or (
                    profile.method == "postfinance" and due.currency != "CHF"):
                return "failed"
            made = [charge(provider, profile, due, "invoice", invoice.id, _name(invoice))]
            if made[0].status == "requires_action":
                Payment.update(status="failed", failure="authentication_required", action_url=None,
                               completed_at=clock.utcnow()).where(Payment.id == made[0].id).execute()
                return "failed"
            if made[0].status == "failed":
                return "failed"
        settle(invoice, made)
        return "succeeded"


def amount_due(invoice):
    """What is left to pay: the total less what was paid and what credit notes took off (BI5)."""
    return invoice.total - invoice.paid - invoice.credited


def settle(invoice, payments, payer=None, families=None):
    """Count the succeeded `payments` on the invoice; mark it paid once they cover it."""
    added = sum(p.amount_minor for p in payments)
    Payment.update(status="succeeded", completed_at=clock.utcnow()).where(
        Payment.id.in_([p.id for p in payments]) & Payment.status.in_(("pending", "requires_action"))).execute()
    Invoice.update(paid_minor=Invoice.paid_minor + added).where(Invoice.id == invoice.id).execute()
    invoice.paid_minor += added
    if amount_due(invoice).minor <= 0:
        _mark_paid(invoice, payer, families)


def _mark_paid(invoice, payer, families):
    if invoice.status == "draft":
        invoicing.issue(invoice, ordered_by=_ordered_by(invoice, payer), families=families)
    now = clock.utcnow()
    changed = Invoice.update(status="paid", paid_at=now).where(
        (Invoice.id == invoice.id) & (Invoice.status == "issued")).execute()
    if changed != 1:
        raise Conflict("The invoice is already paid.")
    invoice.status, invoice.paid_at = "paid", now
    methods = sorted({p.method for p in Payment.select(Payment.method).where(
        (Payment.invoice_id == invoice.id) & (Payment.status == "succeeded"))})
    outbox.emit("billing.invoice.paid", {
        "invoice_id": invoice.id, "organization_id": invoice.organization_id, "number": invoice.number,
        "currency": invoice.currency, "total_minor": invoice.total_minor, "paid_at": clock.now(),
        "methods": methods})
    settlement.invoice_paid(invoice)


def _ordered_by(invoice, payer):
    order = Order.get_or_none(Order.id == invoice.order_id) if invoice.order_id else None
    if order is not None and order.ordered_by is not None:
        return {"account_id": order.ordered_by, "via_kind": order.ordered_via_kind, "via_id": order.ordered_via_id}
    return payer or {}


def _challenge_in_progress(invoice):
    """The invoice's payment waiting for 3-D Secure, unless it lapsed (then it fails now)."""
    waiting = Payment.get_or_none((Payment.invoice_id == invoice.id) & (Payment.status == "requires_action"))
    if waiting is None:
        return None
    if waiting.created_at > clock.utcnow() - timedelta(minutes=payment_rules.ACTION_TIMEOUT_MINUTES):
        return waiting
    fail_challenge(waiting, "action_expired")
    return None


def fail_challenge(payment, failure, status="failed"):
    """The challenge failed or lapsed: the payment fails, and the prepaid part taken beside it
    goes back to the account."""
    Payment.update(status=status, failure=failure, completed_at=clock.utcnow()).where(
        (Payment.id == payment.id) & (Payment.status == "requires_action")).execute()
    if payment.invoice_id is None:
        return
    for part in pending_prepaid(payment.invoice_id):
        prepaid.move(part.organization_id, part.amount, "refund", str(part.id), note=f"given back: {failure}")
        Payment.update(status="refunded", failure=failure, completed_at=clock.utcnow()).where(
            Payment.id == part.id).execute()


def pending_prepaid(invoice_id):
    return list(Payment.select().where((Payment.invoice_id == invoice_id) & (Payment.method == "prepaid")
                                       & (Payment.status == "pending")))


def _name(invoice):
    return f"invoice {invoice.number}" if invoice.number else f"pro-forma {invoice.id}"


def get_payment(organization_id, payment_id):
    payment = Payment.get_or_none((Payment.id == payment_id) & (Payment.organization_id == organization_id))
    if payment is None:
        raise NotFound("No such payment.")
    return payment
