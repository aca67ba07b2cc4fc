"""PX4: a partner's health at a glance, read for its dashboard in one answer.

Only reads the rows other modules keep (Standing, VolumeContribution, ProductFact, Link,
KnownOrganization, InvoiceFact, CashbackEntry, CashbackStatement); writes nothing.

- threshold: threshold.py's view, as GET /threshold answers it (a grace past its end reads as
  lapsed already; a partner no event concerned yet is lapsed at zero).
- forecast, 12 months from the current one: `volume` is the managed volume that month if the
  products due are renewed as now (today's volume less the clients whose link ends by then
  without extending); `renewals_due` the products whose next expiry falls in that month and
  the volume they carry (what the figure loses if they are not renewed).
- links_ending: active links ending within LINKS_ENDING_DAYS; renewals: the managed products
  expiring within RENEWALS_DAYS; unpaid_invoices: what partner's projection knows unpaid,
  invoiced to the partner or to a client that entrusted it its billing (PA9's visibility).
- cashback, the 12 months up to the current one: earned, reversed, net and the month's
  statement; cashback_due: what billing has yet to credit (issued statements) plus the net of
  the months not stated yet (never below zero).
No Flask here; the API asks orgs' access check before calling `health`.
"""
import calendar
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from services.common import clock
from services.common.money import Money

from . import threshold_reads
from .models import (CashbackEntry, CashbackStatement, InvoiceFact, KnownOrganization, Link, ProductFact,
                     VolumeContribution)

MONTHS = 12
LINKS_ENDING_DAYS = 30  # PX1 warns 30 days ahead: the dashboard shows the same horizon
RENEWALS_DAYS = 30


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day):
        return cls(day.year, day.month)

    def plus(self, count):
        index = self.year * 12 + self.month - 1 + count
        return Month(index // 12, index % 12 + 1)

    @property
    def first(self):
        return date(self.year, self.month, 1)

    @property
    def last(self):
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"


def health(partner_id):
    """The whole PX4 answer for one partner (404 when it is not one)."""
    threshold = threshold_reads.standing_of(None, None, partner_id)  # the caller was checked already
    now, today = clock.utcnow(), clock.today()
    links = list(Link.select().where((Link.partner_organization_id == partner_id) & (Link.status == "active")))
    names = _names({link.client_organization_id for link in links})
    contributions = list(VolumeContribution.select().where(
        VolumeContribution.partner_organization_id == partner_id))
    products = {p.product_id: p for p in ProductFact.select().where(
        ProductFact.product_id.in_([c.product_id for c in contributions]))} if contributions else {}
    return {"threshold": threshold,
            "forecast": forecast(threshold.volume, links, contributions, products, today),
            "links_ending": links_ending(links, names, now),
            "renewals": renewals(contributions, products, names, today),
            "unpaid_invoices": unpaid_invoices(partner_id, links, today),
            **cashback(partner_id, threshold.currency, today)}


def forecast(volume, links, contributions, products, today):
    """12 months from the current one: the volume kept if renewed, and what is due for renewal."""
    ending = {link.client_organization_id: link.ends_at.date() for link in links
              if link.ends_at and not link.auto_extend}
    months = []
    for offset in range(MONTHS):
        month = Month.of(today).plus(offset)
        lost = [c for c in contributions if c.client_organization_id in ending
                and ending[c.client_organization_id] <= month.last]
        due = [c for c in contributions if c.product_id in products and _due_in(products[c.product_id], month, today)]
        months.append({"month": str(month),
                       "volume": volume - Money.sum([Money(c.amount_minor, volume.currency) for c in lost],
                                                    volume.currency),
                       "renewals_due": {"count": len(due), "amount": Money.sum(
                           [Money(c.amount_minor, volume.currency) for c in due], volume.currency)}})
    return months


def _due_in(product, month, today):
    """The product's next expiry falls in `month` (one already past counts in the current month)."""
    if product.status != "active":
        return False
    expires = max(product.expires_on, today)
    return month.first <= expires <= month.last


def links_ending(links, names, now):
    horizon = now + timedelta(days=LINKS_ENDING_DAYS)
    found = sorted((link for link in links if link.ends_at and now <= link.ends_at <= horizon),
                   key=lambda link: link.ends_at)
    return [{"link_id": link.id, "client_organization_id": link.client_organization_id,
             "client_name": names.get(link.client_organization_id, ""), "ends_at": link.ends_at,
             "auto_extend": link.auto_extend} for link in found]


def renewals(contributions, products, names, today):
    horizon = today + timedelta(days=RENEWALS_DAYS)
    due = sorted((products[c.product_id] for c in contributions if c.product_id in products
                  and products[c.product_id].status == "active" and products[c.product_id].expires_on <= horizon),
                 key=lambda p: (p.expires_on, str(p.product_id)))
    return [{"client_organization_id": p.organization_id, "client_name": names.get(p.organization_id, ""),
             "product_id": p.product_id, "product_type": p.product_type, "expires_on": p.expires_on,
             "annual": p.annual} for p in due]


def unpaid_invoices(partner_id, links, today):
    entrusted = [link.client_organization_id for link in links if link.scope == "full" and link.billing]
    query = InvoiceFact.select().where(InvoiceFact.paid_at.is_null()
                                       & InvoiceFact.organization_id.in_([partner_id, *entrusted]))
    invoices = list(query.order_by(InvoiceFact.due_on, InvoiceFact.number))
    clients = {invoice.invoice_id: _client_of(invoice, partner_id) for invoice in invoices}
    names = _names({client for client in clients.values() if client})
    found = []
    for invoice in invoices:
        client = clients[invoice.invoice_id]
        found.append({"invoice_id": invoice.invoice_id, "number": invoice.number,
                      "organization_id": invoice.organization_id,
                      "client_name": names.get(client, "") if client else "",
                      "total": invoice.total, "due_on": invoice.due_on, "overdue": invoice.due_on < today})
    return found


def cashback(partner_id, currency, today):
    """Earned and reversed per month (12 up to the current one), the statements, and what is due."""
    first = Month.of(today).plus(1 - MONTHS)
    months = [str(first.plus(offset)) for offset in range(MONTHS)]
    sums = {month: [0, 0] for month in months}
    for entry in CashbackEntry.select(CashbackEntry.month, CashbackEntry.amount_minor, CashbackEntry.credit_note_id) \
            .where((CashbackEntry.partner_organization_id == partner_id) & (CashbackEntry.month >= months[0])):
        if entry.month in sums:
            sums[entry.month][0 if entry.credit_note_id is None else 1] += entry.amount_minor
    statements = {s.month: s for s in CashbackStatement.select().where(
        CashbackStatement.partner_organization_id == partner_id)}
    rows, open_net = [], 0
    for month in months:
        earned, reversed_ = sums[month][0], -sums[month][1]
        statement = statements.get(month)
        if statement is None:
            open_net += earned - reversed_
        rows.append({"month": month, "earned": Money(earned, currency), "reversed": Money(reversed_, currency),
                     "net": Money(earned - reversed_, currency), "statement_id": statement.id if statement else None,
                     "status": statement.status if statement else "open"})
    issued = sum(s.amount_minor for s in statements.values() if s.status == "issued")
    return {"cashback": rows, "cashback_due": Money(max(0, issued + open_net), currency)}


def _client_of(invoice, partner_id):
    """The client an invoice is about: the organization invoiced, or the first client whose
    products an invoice to the partner covers."""
    if invoice.organization_id != partner_id:
        return invoice.organization_id
    covered = [_uuid(c) for c in (invoice.client_organization_ids or []) if _uuid(c) != partner_id]
    return covered[0] if covered else None


def _names(organization_ids):
    if not organization_ids:
        return {}
    return {row.organization_id: row.name for row in KnownOrganization.select().where(
        KnownOrganization.organization_id.in_(list(organization_ids)))}


def _uuid(value):
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
