"""PA15: the monthly run `affiliate-payouts` (period "month", key YYYY-MM of the run date): for the
PREVIOUS calendar month, each affiliate whose unpaid commissions up to that month's end (earned
less reversed) reach 50.00 in its currency gets one payout (unique per affiliate and month),
event partner.affiliate.payout_issued, which billing credits to its prepaid account once. Below
50 nothing is paid: the entries stay unpaid and count again next month (a negative balance, too).

Batch mode (services/common/runs.py): a chunk of affiliates is one transaction that locks their
Affiliate rows (commissions lock the same row, so no entry slips in between the sums and the
payout), sums their unpaid entries with ONE grouped query, inserts the payouts, marks the
entries paid by them and emits the events. The unique (affiliate, month) index settles two
runners at once: the loser's chunk rolls back and is redone, finding nothing left. A redo, a
second runner or a restart after a kill changes nothing."""
import uuid

import peewee

from services.common.db import for_update, insert_rows
from services.common.faults import crash_point
from services.common.runs import Run

from . import affiliate_rules as rules
from .affiliates import settings
from .cashback import naive
from .cashback_runs import redone_on_conflict, statement_month
from .models import Affiliate, AffiliatePayout, Commission, db, outbox

NAME = "affiliate-payouts"


def due(now):
    """Affiliates with unpaid commissions up to the month and no payout of that month yet."""
    month = statement_month(now)
    paid = AffiliatePayout.select(AffiliatePayout.affiliate_organization_id).where(AffiliatePayout.month == month)
    return [row.affiliate_organization_id for row in Commission.select(Commission.affiliate_organization_id)
            .where(Commission.payout_id.is_null() & (Commission.month <= month)
                   & Commission.affiliate_organization_id.not_in(paid))
            .group_by(Commission.affiliate_organization_id).order_by(Commission.affiliate_organization_id)]


def pay_many(affiliate_ids, now):
    """Issue the payouts of a chunk of affiliates in one transaction; how many it issued."""
    return redone_on_conflict(_pay_chunk, affiliate_ids, statement_month(now), now)


def pay_one(affiliate_id, now):
    return pay_many([affiliate_id], now) == 1


def _pay_chunk(affiliate_ids, month, now):
    affiliates = sorted(affiliate_ids, key=str)  # one lock order: no deadlock between runners
    with db.atomic():
        list(for_update(Affiliate.select(Affiliate.organization_id)
                        .where(Affiliate.organization_id.in_(affiliates)).order_by(Affiliate.organization_id)))
        done = {row.affiliate_organization_id for row in AffiliatePayout.select(
            AffiliatePayout.affiliate_organization_id).where(
            (AffiliatePayout.month == month) & AffiliatePayout.affiliate_organization_id.in_(affiliates))}
        unpaid = (Commission.affiliate_organization_id.in_([a for a in affiliates if a not in done])
                  & Commission.payout_id.is_null() & (Commission.month <= month))
        amount = Commission.amount_minor
        rows, events = [], []
        for row in Commission.select(
                Commission.affiliate_organization_id, peewee.fn.MAX(Commission.currency).alias("currency"),
                peewee.fn.SUM(peewee.Case(None, [(amount > 0, amount)], 0)).alias("earned"),
                peewee.fn.SUM(peewee.Case(None, [(amount < 0, 0 - amount)], 0)).alias("reversed"),
                peewee.fn.COUNT(Commission.id).alias("entries")).where(unpaid).group_by(
                Commission.affiliate_organization_id).dicts():
            earned, taken = int(row["earned"]), int(row["reversed"])
            if not rules.payout_due(earned - taken):
                continue
            payout = {"id": uuid.uuid4(), "affiliate_organization_id": row["affiliate_organization_id"],
                      "month": month, "currency": row["currency"], "earned_minor": earned, "reversed_minor": taken,
                      "amount_minor": earned - taken, "entries": int(row["entries"]), "issued_at": now}
            rows.append(payout)
            events.append({"payout_id": payout["id"], "organization_id": payout["affiliate_organization_id"],
                           "month": month, "currency": payout["currency"], "amount_minor": payout["amount_minor"]})
        insert_rows(AffiliatePayout, rows)
        for payout in rows:
            Commission.update(payout_id=payout["id"]).where(
                unpaid & (Commission.affiliate_organization_id == payout["affiliate_organization_id"])).execute()
        outbox.emit_many("partner.affiliate.payout_issued", events)
        crash_point(settings()["config"], "affiliates.before_commit")
    return len(rows)


def payout_paid(payout_id, entry_id, at):
    """billing.prepaid.credited of kind commission: the payout is paid, announced once."""
    with db.atomic():
        payout = AffiliatePayout.get_or_none(AffiliatePayout.id == payout_id)
        if payout is None:
            return False
        marked = AffiliatePayout.update(status="paid", paid_at=naive(at), prepaid_entry_id=entry_id).where(
            (AffiliatePayout.id == payout_id) & (AffiliatePayout.status == "issued")).execute()
        if marked:
            outbox.emit("partner.affiliate.payout_paid", {
                "payout_id": payout.id, "organization_id": payout.affiliate_organization_id, "month": payout.month,
                "currency": payout.currency, "amount_minor": payout.amount_minor, "prepaid_entry_id": entry_id})
        return bool(marked)


RUN = Run(NAME, "month", due, pay_one, apply_many=pay_many)
