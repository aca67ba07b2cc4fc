"""PA11 cashback over partner's and billing's real databases, events handed to the handlers as
the consumers do: earned under PA11's conditions, accrued when paid, reversed by credit notes,
one statement per partner and month credited once to the prepaid account."""
import uuid
from datetime import datetime, timezone

from services.billing import service as billing_service
from services.billing.models import BillingAccount, PrepaidEntry
from services.common.money import Money
from services.common.runs import execute
from services.partner.models import CashbackEntry, CashbackStatement, InvoiceFact, Link, ScheduledRun
from services.partner.periodic import SCHEDULE

from .partner_cashback_support import (CONFIG, back_to_partner, credit, events, issue, line, link, pay,
                                       standing, systems, to_billing)  # noqa: F401 - systems is a fixture

APRIL = datetime(2027, 4, 1, 3)


def amounts(partner):
    return sorted(e.amount_minor for e in CashbackEntry.select().where(CashbackEntry.partner_organization_id == partner))


def run(clock, when=APRIL):
    clock.set(when)
    return execute(CONFIG, ScheduledRun, SCHEDULE.runs["cashback-statements"], when.strftime("%Y-%m"))


def test_pa11_cashback_is_earned_under_each_condition_when_paid_and_never_twice(systems):
    partner, full, limited, paying = (uuid.uuid4() for _ in range(4))
    standing(partner)  # eligible, first tier: hosting 10 %
    link(partner, full)
    kept = uuid.uuid4()
    link(partner, limited, scope="limited", products=[kept])
    link(partner, paying, payer="partner")
    by_client = issue(full, [line(full, 10000), line(full, 5000, kind="renewal")])
    by_partner = issue(full, [line(full, 2000)], via_kind="delegation")  # full, client pays: the partner too
    limited_own = issue(limited, [line(limited, 3000, product=kept), line(limited, 9000)])
    limited_by_partner = issue(limited, [line(limited, 7000, product=kept)], via_kind="delegation")
    paid_by_partner = issue(partner, [line(paying, 4000), line(paying, 6000, kind="renewal")])
    ordered_for_itself = issue(partner, [line(paying, 8000, partner_discount_minor=800)], via_kind="delegation")
    assert CashbackEntry.select().count() == 0  # nothing before payment
    for invoice in (by_client, by_partner, limited_own, limited_by_partner, paid_by_partner, ordered_for_itself):
        pay(invoice)
        pay(invoice)  # a second billing.invoice.paid adds nothing
    assert amounts(partner) == [200, 300, 400, 500, 1000]
    assert {e.condition for e in CashbackEntry.select()} == {"full-client-pays", "limited", "full-partner-pays"}
    assert {e.month for e in CashbackEntry.select()} == {"2027-03"}


def test_pa11_the_link_counts_as_at_issue_and_the_benefits_as_at_payment(systems):
    partner, client, late = (uuid.uuid4() for _ in range(3))
    standing(partner)
    stopped = link(partner, client)
    issued = issue(client, [line(client, 10000)])
    Link.update(status="stopped", closed_at=datetime(2027, 3, 12)).where(Link.id == stopped.id).execute()
    after_stop = issue(client, [line(client, 10000)], at=datetime(2027, 3, 13, tzinfo=timezone.utc))
    pay(issued)
    pay(after_stop)
    assert amounts(partner) == [1000]  # the link was active when the first was issued, not the second
    link(partner, late, approved_at=datetime(2027, 3, 14))
    lapsed = issue(late, [line(late, 10000)], at=datetime(2027, 3, 15, tzinfo=timezone.utc))
    standing(partner, status="lapsed")
    pay(lapsed)
    assert amounts(partner) == [1000]  # benefits stopped before it was paid
    assert InvoiceFact.get_by_id(lapsed["invoice_id"]).paid_at is not None


def test_pa11_credit_notes_reverse_exactly_the_cashback_of_their_lines(systems):
    partner, client = uuid.uuid4(), uuid.uuid4()
    standing(partner, volume_minor=1_500_000)  # silver: hosting 20 %
    link(partner, client)
    first, second = line(client, 3333), line(client, 1001)
    invoice = issue(client, [first, second])
    credit(invoice, [(second, 500)])  # before payment: taken back when it is paid
    pay(invoice)
    assert amounts(partner) == [-100, 200, 667]
    note = uuid.uuid4()
    credit(invoice, [(first, 1111), (second, 501)], note=note)
    credit(invoice, [(first, 1111), (second, 501)], note=note)  # the same credit note again: nothing more
    credit(invoice, [(first, 2222)])
    by_line = {}
    for entry in CashbackEntry.select():
        by_line.setdefault(str(entry.invoice_line_id), []).append(entry.amount_minor)
    assert sorted(by_line[first["line_id"]]) == [-445, -222, 667] and sum(by_line[first["line_id"]]) == 0
    assert sum(by_line[second["line_id"]]) == 0


def test_pa11_one_statement_per_partner_and_month_credited_once_a_negative_month_carried(systems, clock):
    partner, other, client, client2 = (uuid.uuid4() for _ in range(4))
    for org in (partner, other):
        standing(org)
        billing_service.open_billing_account(org, "CHF")
    link(partner, client)
    link(other, client2)
    march = issue(client, [line(client, 50000)])
    pay(march)
    pay(issue(client2, [line(client2, 20000)]))
    assert run(clock) == {"total": 2, "changed": 2, "unchanged": 0}
    assert run(clock) is None  # once per month: the key is done
    issued = events("partner.cashback.statement_issued")
    assert sorted((e["amount_minor"], e["month"]) for e in issued) == [(2000, "2027-03"), (5000, "2027-03")]
    for event in issued + issued:  # billing receives each twice
        to_billing(event)
    back_to_partner()
    back_to_partner()
    credited = PrepaidEntry.select().where((PrepaidEntry.organization_id == partner) & (PrepaidEntry.kind == "cashback"))
    assert [e.amount_minor for e in credited] == [5000]
    assert PrepaidEntry.select().where(PrepaidEntry.kind == "cashback").count() == 2
    assert BillingAccount.get(BillingAccount.organization_id == partner).prepaid_balance_minor >= 5000
    assert {s.status for s in CashbackStatement.select()} == {"credited"}
    assert sorted(e["amount_minor"] for e in events("partner.cashback.credited")) == [2000, 5000]
    # April: the March invoice credited in full, a late March payment and a small sale.
    credit(march, [(march["lines"][0], 50000)], at=datetime(2027, 4, 2, tzinfo=timezone.utc))
    late = issue(client, [line(client, 10000)])
    pay(late, at=datetime(2027, 3, 31, 23, 59, tzinfo=timezone.utc))  # its statement is out: goes to April
    assert run(clock, datetime(2027, 5, 1, 3))["changed"] == 1
    april = CashbackStatement.get((CashbackStatement.partner_organization_id == partner)
                                  & (CashbackStatement.month == "2027-04"))
    assert (april.earned_minor, april.reversed_minor, april.carried_minor, april.amount_minor) == (1000, 5000, 0, 0)
    pay(issue(client, [line(client, 60000)]), at=datetime(2027, 5, 3, tzinfo=timezone.utc))
    run(clock, datetime(2027, 6, 1, 3))
    may = CashbackStatement.get((CashbackStatement.partner_organization_id == partner)
                                & (CashbackStatement.month == "2027-05"))
    assert (may.earned_minor, may.carried_minor, may.amount_minor) == (6000, -4000, 2000)
    assert Money(may.amount_minor, "CHF") == Money.of("20.00", "CHF")
