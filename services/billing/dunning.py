"""Dunning (BI6) as a daily scheduled run, and what paying an overdue invoice undoes.

An issued invoice still unpaid walks through terms.DUNNING_STEPS counted from its due date: a
reminder by mail at the due date and 7 days later, at + 15 days the products it covers are
suspended (`billing.product.suspended`, a mail), a last reminder at + 30, at + 45 days they
are terminated (`billing.product.terminated`, a mail). `Invoice.reminders_sent` counts the
steps done; each item moves it with a conditional UPDATE, so a repeated or restarted run
does nothing twice, and a run that missed days does only the step reached (one mail)."""
from services.common import clock

from . import dunning_mails, run_context, terms
from services.common.contacts import billing_contacts
from .models import Invoice, InvoiceLine, Product, db, messages, outbox
from .renewal_invoices import product_facts

NOTICES = {"reminder": dunning_mails.reminder, "suspension": dunning_mails.suspension,
           "termination": dunning_mails.termination}


def overdue(now):
    """Issued invoices with a dunning step reached and not yet done."""
    today = now.date()
    rows = Invoice.select(Invoice.id, Invoice.due_on, Invoice.reminders_sent).where(
        (Invoice.status == "issued") & (Invoice.due_on <= today)
        & (Invoice.reminders_sent < len(terms.DUNNING_STEPS))).order_by(Invoice.due_on, Invoice.id)
    return [row.id for row in rows if terms.dunning_step(row.due_on, today) > row.reminders_sent]


def _covered(invoice_id):
    return list(Product.select().join(InvoiceLine, on=(InvoiceLine.product_id == Product.id))
                .where(InvoiceLine.invoice == invoice_id).distinct().order_by(Product.name))


def _stop(products, status, statuses, invoice_id, event):
    """Move the covered products still in `statuses` to `status`, each announced once."""
    for product in products:
        stamp = {"suspended_at" if status == "suspended" else "terminated_at": clock.utcnow()}
        if Product.update(status=status, **stamp).where(
                (Product.id == product.id) & Product.status.in_(statuses)).execute():
            product.status = status
            outbox.emit(event, {**product_facts(product), "reason": "unpaid", "invoice_id": invoice_id})


def dun(invoice_id, now):
    """BI6: the dunning step an unpaid invoice reached today; True when it did one."""
    invoice = Invoice.get_or_none(Invoice.id == invoice_id)
    if invoice is None or invoice.status != "issued":
        return False
    step = terms.dunning_step(invoice.due_on, now.date())
    if step <= invoice.reminders_sent:
        return False
    people = billing_contacts(run_context.current().orgs_client, invoice.organization_id)  # before the transaction
    with db.atomic():
        if not Invoice.update(reminders_sent=step).where(
                (Invoice.id == invoice.id) & (Invoice.status == "issued")
                & (Invoice.reminders_sent == invoice.reminders_sent)).execute():
            return False
        products = _covered(invoice.id)
        if step >= terms.SUSPENDED_AFTER_STEP:
            _stop(products, "suspended", ("active",), invoice.id, "billing.product.suspended")
        if step == len(terms.DUNNING_STEPS):
            _stop(products, "terminated", ("active", "suspended"), invoice.id, "billing.product.terminated")
        _mail(people, invoice, step, [p.name for p in products])
    return True


def _mail(people, invoice, step, names):
    what = terms.DUNNING_STEPS[step - 1][1]
    open_amount = invoice.total - invoice.paid - invoice.credited
    for person in people:
        language = person.get("language")
        if what == "reminder":
            text = dunning_mails.reminder(language, invoice.number, open_amount, invoice.due_on,
                                          terms.dunning_date(invoice.due_on, terms.SUSPENDED_AFTER_STEP))
        elif what == "suspension":
            text = dunning_mails.suspension(language, invoice.number, open_amount, names,
                                            terms.dunning_date(invoice.due_on, len(terms.DUNNING_STEPS)))
        else:
            text = dunning_mails.termination(language, invoice.number, names)
        messages.mail(person["email"], *text)


def invoice_paid(invoice):
    """The settlement's hook, inside the transaction that marks `invoice` paid: the products it
    covers that dunning suspended are active again, unless another invoice still overdue past
    its suspension date covers them too. Returns the ids reactivated."""
    reactivated = []
    for product in _covered(invoice.id):
        if product.status != "suspended":
            continue
        still = (Invoice.select(Invoice.id).join(InvoiceLine).where(
            (InvoiceLine.product_id == product.id) & (Invoice.id != invoice.id) & (Invoice.status == "issued")
            & (Invoice.reminders_sent >= terms.SUSPENDED_AFTER_STEP)).exists())
        if not still and Product.update(status="active", suspended_at=None).where(
                (Product.id == product.id) & (Product.status == "suspended")).execute():
            product.status = "active"
            outbox.emit("billing.product.reactivated", {**product_facts(product), "reason": "paid",
                                                        "invoice_id": invoice.id})
            reactivated.append(product.id)
    return reactivated
