"""PA11: the monthly run `cashback-statements` (period "month", key YYYY-MM of the run date):
one statement per partner for the PREVIOUS calendar month, issued once.

A partner's statement of month M covers its entries after its previous statement, up to M:
earned (accruals), reversed (credit notes), and the negative balance its previous statement
carried; amount = max(0, earned − reversed + carried), a negative result carried on. Batch mode
(services/common/runs.py): a chunk of partners is one transaction that locks their Standing
rows (accruals lock the same row, so no entry slips in between the sums and the statement),
sums their entries with ONE grouped query, inserts the statements and their events. The
unique (partner, month) index settles two runners at once: the loser's chunk rolls back and is
redone, finding nothing left. A redo, a second runner or a restart after a kill changes nothing.
"""
import uuid
from datetime import timedelta

import peewee

from services.common.db import for_update, insert_rows
from services.common.faults import crash_point
from services.common.runs import Run

from . import cashback_rules as rules
from .cashback import settings
from .models import CashbackEntry, CashbackStatement, Standing, db, outbox

NAME = "cashback-statements"


def statement_month(now):
    """The month a run on `now` issues: the calendar month before."""
    return (now.date().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def _uncovered(month, partners, floor):
    """Entries of `partners` after each one's latest statement, up to `month`: (the latest
    statements as a subquery, the condition). `floor` (None, or the earliest of their latest
    statement months) bounds the month range too, so the (month, partner) index is used."""
    latest = _latest(partners)
    where = (CashbackEntry.partner_organization_id.in_(partners) & (CashbackEntry.month <= month)
             & (latest.c.last.is_null() | (CashbackEntry.month > latest.c.last)))
    if floor is not None:
        where &= CashbackEntry.month > floor
    return latest, where


def _latest(partners):
    """Each partner's latest statement month, as a subquery (pid, last)."""
    return (CashbackStatement.select(CashbackStatement.partner_organization_id.alias("pid"),
                                     peewee.fn.MAX(CashbackStatement.month).alias("last"))
            .where(CashbackStatement.partner_organization_id.in_(partners))
            .group_by(CashbackStatement.partner_organization_id).alias("latest"))


def due(now):
    """The partners with a standing (no entry accrues without one) whose statement of the
    previous month is not issued yet: a cheap list; a partner with nothing to state is left
    unchanged by issue_many."""
    issued = CashbackStatement.select(CashbackStatement.partner_organization_id).where(
        CashbackStatement.month == statement_month(now))
    return [row.partner_organization_id for row in Standing.select(Standing.partner_organization_id).where(
        Standing.partner_organization_id.not_in(issued)).order_by(Standing.partner_organization_id)]


def issue_many(partner_ids, now):
    """Issue the statements of a chunk of partners in one transaction; how many it issued."""
    return redone_on_conflict(_issue_chunk, partner_ids, statement_month(now), now)


def redone_on_conflict(chunk, ids, month, now):
    """`chunk(ids, month, now)` (one transaction), redone when another runner inserted some of the
    same unique rows first (IntegrityError): the redo finds them and skips them. Also affiliate_runs."""
    for attempt in range(3):
        try:
            return chunk(ids, month, now)
        except peewee.IntegrityError:
            if attempt == 2:
                raise
    return 0


def issue_one(partner_id, now):
    return issue_many([partner_id], now) == 1


def _issue_chunk(partner_ids, month, now):
    partners = sorted(partner_ids, key=str)  # one lock order: no deadlock between runners
    with db.atomic():
        list(for_update(Standing.select(Standing.partner_organization_id)
                        .where(Standing.partner_organization_id.in_(partners))
                        .order_by(Standing.partner_organization_id)))
        carried, latest_months = _previous(partners)
        sums = []
        # Partners with a statement (bounded below by the earliest of their latest months) and
        # partners without one: two grouped sums, each a range of the (month, partner) index.
        stated = [p for p in partners if p in latest_months]
        if stated:
            sums += _sums(month, stated, min(latest_months[p] for p in stated))
        if len(stated) < len(partners):
            sums += _sums(month, [p for p in partners if p not in latest_months], None)
        rows, events = [], []
        for row in sums:
            partner = row["partner_organization_id"]
            earned, taken = int(row["earned"]), int(row["reversed"])
            credited, _ = rules.statement_amount(earned, taken, carried.get(partner, 0))
            statement = {"id": uuid.uuid4(), "partner_organization_id": partner, "month": month,
                         "currency": row["currency"], "earned_minor": earned, "reversed_minor": taken,
                         "carried_minor": carried.get(partner, 0), "amount_minor": credited,
                         "entries": int(row["entries"]), "issued_at": now}
            rows.append(statement)
            events.append({"statement_id": statement["id"], **{k: v for k, v in statement.items()
                                                                if k not in ("id", "issued_at")}})
        insert_rows(CashbackStatement, rows)
        outbox.emit_many("partner.cashback.statement_issued", events)
        crash_point(settings()["config"], "cashback.before_commit")
    return len(rows)


def _sums(month, partners, floor):
    latest, where = _uncovered(month, partners, floor)
    amount = CashbackEntry.amount_minor
    return list(CashbackEntry.select(
        CashbackEntry.partner_organization_id, peewee.fn.MAX(CashbackEntry.currency).alias("currency"),
        peewee.fn.SUM(peewee.Case(None, [(amount > 0, amount)], 0)).alias("earned"),
        peewee.fn.SUM(peewee.Case(None, [(amount < 0, 0 - amount)], 0)).alias("reversed"),
        peewee.fn.COUNT(CashbackEntry.id).alias("entries"))
        .join(latest, peewee.JOIN.LEFT_OUTER, on=(latest.c.pid == CashbackEntry.partner_organization_id))
        .where(where).group_by(CashbackEntry.partner_organization_id).dicts())


def _previous(partners):
    """({partner: the negative balance its latest statement carried on (<= 0)}, {partner: its month})."""
    latest = _latest(partners)
    found = list(CashbackStatement.select().join(latest, on=(
        (latest.c.pid == CashbackStatement.partner_organization_id) & (latest.c.last == CashbackStatement.month))))
    return ({s.partner_organization_id: rules.statement_amount(s.earned_minor, s.reversed_minor,
                                                               s.carried_minor)[1] for s in found},
            {s.partner_organization_id: s.month for s in found})


RUN = Run(NAME, "month", due, issue_one, apply_many=issue_many)
