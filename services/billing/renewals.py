"""Automatic renewal (BI3) and the renewal warranty (BI4) as scheduled runs.

`auto-renewals` (daily): a product with automatic renewal is charged 14 days before expiry,
and again 10, 7, 3 and 1 day(s) before while the charges fail. Each attempt is a row of
`renewal_attempt`, unique per (product, expiry, attempt), written before the charge: a
repeated or restarted run never charges twice for one attempt. The first attempt drafts the
renewal's pro-forma; every attempt charges that same pro-forma with the organization's
default Visa or MasterCard profile through payments, which issues and pays it; the product is
then extended by one period (`billing.product.renewed`, how "automatic").

A run killed between writing an attempt and recording its outcome finds the attempt pending
when it restarts: a paid invoice means the charge went through (extend), a payment of the
invoice since the attempt began means the charge started (its outcome is payments' to give:
failed is recorded, anything else is left alone, never charged again), no payment means the
charge never started (charge now).

`warranty-renewals` (daily): on its expiry day a product with the warranty that was not
renewed (no automatic renewal, or its charges failed) is renewed anyway: extended by one
period at once (how "warranty") and invoiced by an issued invoice, due in 30 days, which
dunning (BI6) follows like any other. It runs in the runs' batch mode: a chunk of due products
in one transaction (`renew_many_under_warranty`), the products locked and re-checked, one
invoice per organization billed, currency and billing address for the products of the chunk
that renew together (BI2), the expiries moved set-based, the attempt rows in one INSERT, the
invoices issued last (the number sequence is locked only for the end of the transaction).
"""
from peewee import fn

from services.common.db import for_update, insert_rows
from services.common.faults import crash_point

from . import invoicing, renewal_invoices, run_context, terms
from .models import Invoice, InvoiceLine, Payment, PaymentProfile, Product, RenewalAttempt, db, outbox


def due_for_charge(now):
    """Products with automatic renewal whose attempt of the day has not been made (or was cut short)."""
    today, ids = now.date(), []
    for number in range(1, len(terms.CHARGE_DAYS_BEFORE) + 1):
        first, last = terms.charge_window(number, today)
        made = RenewalAttempt.select(RenewalAttempt.id).where(
            (RenewalAttempt.product_id == Product.id) & (RenewalAttempt.expires_on == Product.expires_on)
            & (RenewalAttempt.attempt == number) & (RenewalAttempt.status != "pending"))
        ids += [row.id for row in Product.select(Product.id).where(
            (Product.status == "active") & Product.auto_renew & Product.expires_on.between(first, last)
            & ~fn.EXISTS(made)).order_by(Product.expires_on, Product.id)]
    return ids


def default_card(organization_id):
    """BI3: the organization's default profile when it is a Visa or MasterCard card, else None."""
    profile = PaymentProfile.get_or_none((PaymentProfile.organization_id == organization_id)
                                         & PaymentProfile.is_default & PaymentProfile.removed_at.is_null())
    return profile if profile and terms.is_auto_renewal_card(profile.method, profile.brand) else None


def _attempt(product, number, profile, context):
    """The attempt row for today (created with the renewal's pro-forma if new), or None when done."""
    with db.atomic():
        RenewalAttempt.insert(product_id=product.id, expires_on=product.expires_on, attempt=number,
                              profile_id=profile.id if profile else None).on_conflict_ignore().execute()
        attempt = RenewalAttempt.get((RenewalAttempt.product_id == product.id)
                                     & (RenewalAttempt.expires_on == product.expires_on)
                                     & (RenewalAttempt.attempt == number))
        if attempt.status != "pending":
            return None
        if attempt.invoice_id is None:
            invoice = renewal_invoices.open_draft(product) or renewal_invoices.draft(product, context)
            RenewalAttempt.update(invoice_id=invoice.id).where(RenewalAttempt.id == attempt.id).execute()
            attempt.invoice_id = invoice.id
    return attempt


def _outcome_so_far(attempt):
    """After a restart: "succeeded", "failed", "unknown" (payments has it in hand) or None (not charged)."""
    if Invoice.get_by_id(attempt.invoice_id).status == "paid":
        return "succeeded"
    statuses = {p.status for p in Payment.select(Payment.status).where(
        (Payment.invoice_id == attempt.invoice_id) & (Payment.created_at >= attempt.created_at))}
    if not statuses:
        return None
    return "succeeded" if "succeeded" in statuses else "failed" if statuses == {"failed"} else "unknown"


def renew_automatically(product_id, now):
    """BI3: today's charge attempt for one product; True when it recorded an outcome."""
    context = run_context.current()
    product = Product.get_or_none(Product.id == product_id)
    number = product and terms.charge_attempt(product.expires_on, now.date())
    if not number or product.status != "active" or not product.auto_renew:
        return False
    profile = default_card(product.billed_organization_id)
    attempt = _attempt(product, number, profile, context)
    if attempt is None:
        return False
    outcome = _outcome_so_far(attempt)
    crash_point(context.config, "renewal.before_charge")
    if outcome is None:
        outcome = context.charge_invoice(Invoice.get_by_id(attempt.invoice_id), profile) if profile else "failed"
    crash_point(context.config, "renewal.after_charge")
    if outcome == "unknown":
        return False
    with db.atomic():
        # A payment settled through the settlement's hook (invoice_paid) closed the attempt already.
        closed = renewal_invoices.finished(attempt.id, outcome, None if profile else "no Visa or MasterCard default")
        if outcome == "succeeded":
            renewal_invoices.extend(product.id, Invoice.get_by_id(attempt.invoice_id), "automatic")
    return closed or outcome == "succeeded"


def due_under_warranty(now):
    """Due products by organization billed, so that a chunk holds an organization's products together."""
    return [row.id for row in Product.select(Product.id).where(
        (Product.status == "active") & Product.warranty & (Product.expires_on <= now.date()))
        .order_by(Product.billed_organization_id, Product.expires_on, Product.id)]


def renew_under_warranty(product_id, now):
    """BI4: renew a product with the warranty at its expiry, invoiced, with no interruption."""
    context = run_context.current()
    with db.atomic() as transaction:
        product = Product.get_or_none(Product.id == product_id)
        if product is None or product.status != "active" or not product.warranty or product.expires_on > now.date():
            return False
        invoice = renewal_invoices.open_draft(product) or renewal_invoices.draft(product, context)
        if not renewal_invoices.extend(product.id, invoice, "warranty"):
            transaction.rollback()  # renewed meanwhile: the draft made for nothing goes too
            return False
        renewal_invoices.issue(invoice, product)
        RenewalAttempt.insert(product_id=product.id, expires_on=product.expires_on, attempt=0,
                              invoice_id=invoice.id, status="renewed", finished_at=now).execute()
    return True


def renew_many_under_warranty(product_ids, now):
    """BI4 for a chunk of due products in one transaction; how many it renewed. A product
    renewed meanwhile (no longer due once locked) is left alone, so a redo changes nothing."""
    context, today, renewed = run_context.current(), now.date(), 0
    with db.atomic():
        due = list(for_update(Product.select().where(
            Product.id.in_(product_ids) & (Product.status == "active") & Product.warranty
            & (Product.expires_on <= today)).order_by(Product.id)))  # one lock order: no deadlock between runners
        drafted = {(row.product_id, row.expires_on) for row in RenewalAttempt.select(
            RenewalAttempt.product_id, RenewalAttempt.expires_on).join(Invoice, on=(RenewalAttempt.invoice_id == Invoice.id))
            .where(RenewalAttempt.product_id.in_([p.id for p in due]) & (Invoice.status == "draft"))}
        groups = {}
        for product in due:
            if (product.id, product.expires_on) in drafted:  # an automatic renewal's pro-forma: renewed by it
                renewed += renew_under_warranty(product.id, now)
            else:
                key = (product.billed_organization_id, product.currency, product.billing_address_id)
                groups.setdefault(key, []).append(product)
        invoices = [(renewal_invoices.draft_many(products, context), products) for products in groups.values()]
        renewing = [product for _invoice, products in invoices for product in products]
        _extend_all(renewing, {p.id: invoice.id for invoice, products in invoices for p in products}, now)
        for invoice, products in invoices:
            invoicing.issue(invoice, renewal_invoices.RUN, {p.type: p.family for p in products},
                            {p.id: p.organization_id for p in products})
        crash_point(context.config, "warranty.before_commit")
    return renewed + len(renewing)


def _extend_all(products, invoice_of, now):
    """Move the locked, due `products` one period on (an UPDATE per old expiry and period),
    announce each, and record their warranty renewal (attempt 0) in one INSERT."""
    periods = {}
    for product in products:
        periods.setdefault(renewal_invoices.next_period(product), []).append(product)
    for (start, end), group in periods.items():
        Product.update(expires_on=end).where(Product.id.in_([p.id for p in group])).execute()
    net = {row.product_id: row.net_minor for row in InvoiceLine.select(InvoiceLine.product_id, InvoiceLine.net_minor)
           .where(InvoiceLine.invoice.in_(sorted(set(invoice_of.values()), key=str)))}
    attempts, renewed = [], []
    for (start, end), group in periods.items():
        for product in group:
            attempts.append({"product_id": product.id, "expires_on": start, "attempt": 0,
                             "invoice_id": invoice_of[product.id], "status": "renewed", "finished_at": now})
            product.expires_on = end
            renewed.append(renewal_invoices.renewed_facts(product, start, end, net[product.id],
                                                          invoice_of[product.id], "warranty"))
    insert_rows(RenewalAttempt, attempts)
    outbox.emit_many("billing.product.renewed", renewed)


def invoice_paid(invoice):
    """The settlement's hook for a paid invoice, inside its transaction: a renewal pro-forma of
    these runs extends its product (how "automatic"), once. Returns the product ids handled,
    which the settlement leaves alone."""
    handled = set()
    for attempt in RenewalAttempt.select().where(RenewalAttempt.invoice_id == invoice.id):
        renewal_invoices.extend(attempt.product_id, invoice, "automatic" if attempt.attempt else "warranty")
        renewal_invoices.finished(attempt.id, "succeeded")  # a charge cut short by a crash
        handled.add(attempt.product_id)
    return handled
