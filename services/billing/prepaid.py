"""The prepaid account (BI8): a ledger of every movement and the balance it sums to.

Every movement is one `prepaid_entry` row plus one conditional UPDATE of
`BillingAccount.prepaid_balance_minor` in the same transaction: a debit only applies while the
balance covers it (`balance + delta >= 0` in the WHERE clause), so concurrent debits can never
take it below zero, and the row lock (PostgreSQL) or write lock (SQLite) orders them. Callers
run these inside their own `db.atomic()`; deposits and withdrawals are in deposits.py.
"""
import peewee

from services.common.db import for_update
from services.common.errors import NotFound, RuleViolation
from services.common.money import Money

from .models import BillingAccount, PrepaidEntry, db, outbox

CREDITS = ("deposit", "refund", "credit", "cashback", "commission")  # what comes in; payment and withdrawal go out


def account(organization_id, lock=False):
    """The organization's billing account; `lock` holds it until the transaction ends, which
    orders the use cases that change its profiles or balance one after the other."""
    query = BillingAccount.select().where(BillingAccount.organization_id == organization_id)
    found = (for_update(query) if lock else query).first()
    if found is None:
        raise NotFound("No billing account for this organization.")
    return found


def _apply(organization_id, delta):
    """The balance after adding `delta` (a Money), or None when the balance would go below zero."""
    rows = list(BillingAccount.update(prepaid_balance_minor=BillingAccount.prepaid_balance_minor + delta.minor)
                .where((BillingAccount.organization_id == organization_id)
                       & (BillingAccount.currency == delta.currency)
                       & (BillingAccount.prepaid_balance_minor + delta.minor >= 0))
                .returning(BillingAccount.prepaid_balance_minor).tuples().execute())
    return Money(rows[0][0], delta.currency) if rows else None


def move(organization_id, amount, kind, reference, note=""):
    """Record one movement of `amount` (positive; credited for CREDITS kinds, else debited) and
    emit billing.prepaid.credited or .debited. A debit the balance does not cover is refused
    (RuleViolation BI8). The same (kind, reference) twice is refused by the database."""
    if not db.in_transaction():
        raise RuntimeError("a prepaid movement is part of its use case's transaction")
    delta = amount if kind in CREDITS else -amount
    entry = PrepaidEntry.create(organization_id=organization_id, kind=kind, amount_minor=delta.minor,
                                currency=amount.currency, reference=reference, note=note[:200])
    balance = _apply(organization_id, delta)
    if balance is None:
        current = account(organization_id)
        if current.currency != amount.currency:
            raise RuleViolation("BI8", f"The prepaid account is kept in {current.currency}.")
        raise RuleViolation("BI8", f"The prepaid balance is {current.prepaid_balance.amount} {current.currency}; "
                                   f"it does not cover {amount.amount}.")
    outbox.emit("billing.prepaid.credited" if delta.minor > 0 else "billing.prepaid.debited", {
        "organization_id": organization_id, "entry_id": entry.id, "kind": kind, "amount_minor": amount.minor,
        "currency": amount.currency, "balance_minor": balance.minor, "reference": reference})
    return entry, balance


def credit(organization_id, amount, kind, reference, note=""):
    """Credit the account once per (kind, reference): what other services' events use (e.g.
    cashback, PA11). A repeat returns the first entry and changes nothing. Own transaction."""
    if amount.minor <= 0:
        raise ValueError("a credit is a positive amount")
    try:
        with db.atomic():
            return move(organization_id, amount, kind, reference, note)[0]
    except peewee.IntegrityError:
        return PrepaidEntry.get((PrepaidEntry.organization_id == organization_id) & (PrepaidEntry.kind == kind)
                                & (PrepaidEntry.reference == reference))


def ledger(organization_id, offset, limit):
    """A page of movements, newest first, and the offset of the next page (None at the end)."""
    rows = list(PrepaidEntry.select().where(PrepaidEntry.organization_id == organization_id)
                .order_by(PrepaidEntry.created_at.desc(), PrepaidEntry.id).offset(offset).limit(limit + 1))
    return rows[:limit], (offset + limit if len(rows) > limit else None)


def ledger_sum(organization_id):
    """The sum of every movement: always the balance (BI8)."""
    return PrepaidEntry.select(peewee.fn.COALESCE(peewee.fn.SUM(PrepaidEntry.amount_minor), 0)).where(
        PrepaidEntry.organization_id == organization_id).scalar()
