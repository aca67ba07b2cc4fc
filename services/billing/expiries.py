"""Expiry (BI6, (our choice)) as daily scheduled runs: warnings before it, termination after it.

`expiry-warnings`: a product without automatic renewal gets a mail 30 and 7 days before it
expires, once each (the `expiry_warning` row, unique per product, expiry and days, is written
with the mail). `expiry`: a product still at its expiry date the day after was not renewed:
no payment, no automatic renewal that went through, no warranty (BI4 renews those on the
day). DOMAIN.md does not say what becomes of it; we terminate it (`billing.product.terminated`,
reason "expired"), and a renewal pro-forma the automatic charges left unpaid is voided: it
never had a number, and nothing is owed for a period not served."""
from datetime import timedelta

import peewee

from services.common import clock

from . import dunning_mails, run_context, terms
from services.common.contacts import billing_contacts
from .models import ExpiryWarning, Invoice, Product, RenewalAttempt, db, messages, outbox
from .renewal_invoices import product_facts

OPEN = ("active", "suspended")


def past_expiry(now):
    today = now.date()
    return [row.id for row in Product.select(Product.id).where(
        Product.status.in_(OPEN) & (Product.expires_on < today)
        & ~((Product.status == "active") & Product.warranty)).order_by(Product.expires_on, Product.id)]


def terminate_expired(product_id, now):
    """Terminate one product left unrenewed past its expiry; True when it did."""
    today = now.date()
    with db.atomic():
        product = Product.get_or_none(Product.id == product_id)
        if product is None or product.status not in OPEN or product.expires_on >= today \
                or (product.status == "active" and product.warranty):
            return False
        if not Product.update(status="terminated", terminated_at=clock.utcnow()).where(
                (Product.id == product.id) & Product.status.in_(OPEN) & (Product.expires_on == product.expires_on)
        ).execute():
            return False
        product.status = "terminated"
        drafts = RenewalAttempt.select(RenewalAttempt.invoice_id).where(
            (RenewalAttempt.product_id == product.id) & (RenewalAttempt.expires_on == product.expires_on))
        Invoice.update(status="void").where(Invoice.id.in_(drafts) & (Invoice.status == "draft")).execute()
        outbox.emit("billing.product.terminated", {**product_facts(product), "reason": "expired", "invoice_id": None})
    return True


def warnings_due(now):
    today, ids = now.date(), []
    nearer = 0
    for days in sorted(terms.EXPIRY_WARNING_DAYS):
        sent = ExpiryWarning.select(ExpiryWarning.product_id).where(
            (ExpiryWarning.product_id == Product.id) & (ExpiryWarning.expires_on == Product.expires_on)
            & (ExpiryWarning.days_before == days))
        ids += [row.id for row in Product.select(Product.id).where(
            (Product.status == "active") & ~Product.auto_renew
            & Product.expires_on.between(today + timedelta(days=nearer + 1), today + timedelta(days=days))
            & ~peewee.fn.EXISTS(sent)).order_by(Product.expires_on, Product.id)]
        nearer = days
    return ids


def warn_before_expiry(product_id, now):
    """BI6: the warning due today for one product, mailed to its billing contacts once."""
    product = Product.get_or_none(Product.id == product_id)
    days = product and terms.expiry_warning(product.expires_on, now.date())
    if not days or product.status != "active" or product.auto_renew:
        return False
    people = billing_contacts(run_context.current().orgs_client, product.billed_organization_id)  # before the transaction
    try:
        with db.atomic():
            ExpiryWarning.create(product_id=product.id, expires_on=product.expires_on, days_before=days)
            for person in people:
                messages.mail(person["email"], *dunning_mails.expiry_warning(
                    person.get("language"), product.name, product.expires_on, product.warranty))
    except peewee.IntegrityError:
        return False  # warned already: by another runner, or before a restart
    return True
