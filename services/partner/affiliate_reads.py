"""PA15: what an affiliate reads of its programme (the dashboard, its referrals, commissions
and payouts), each a few grouped queries. Only the affiliate's own rows: the referred
organizations' names are shown to it and to staff, nobody else (affiliates.mine checks)."""
import peewee

from services.common.clock import utcnow
from services.common.money import Money
from services.common.paging import page

from .models import AffiliatePayout, Attribution, Commission, KnownOrganization

MONTHS = 12


def _sum(query, currency):
    return Money(int(query.scalar() or 0), currency)


def dashboard(affiliate, link, rate):
    org, currency = affiliate.organization_id, affiliate.currency
    attributions = Attribution.select().where(Attribution.affiliate_organization_id == org)
    converted = (Commission.select(peewee.fn.COUNT(Commission.referred_organization_id.distinct()))
                 .where((Commission.affiliate_organization_id == org) & Commission.credit_note_id.is_null()))
    mine = Commission.affiliate_organization_id == org
    return {"organization_id": org, "code": affiliate.code, "link": link, "rate": rate, "status": affiliate.status,
            "currency": currency, "joined_at": affiliate.joined_at, "ended_at": affiliate.ended_at,
            "referrals": {"signups": attributions.where(Attribution.source == "signup").count(),
                          "organizations": attributions.count(), "converted": int(converted.scalar() or 0)},
            "balance": _sum(Commission.select(peewee.fn.SUM(Commission.amount_minor)).where(
                mine & Commission.payout_id.is_null()), currency),
            "paid_total": _sum(AffiliatePayout.select(peewee.fn.SUM(AffiliatePayout.amount_minor)).where(
                AffiliatePayout.affiliate_organization_id == org), currency),
            "months": _months(org, currency)}


def _months(org, currency):
    """The last 12 calendar months, oldest first: earned, reversed, paid out (for the chart)."""
    now = utcnow()
    index = now.year * 12 + now.month - 1  # months counted from year 0
    months = [f"{i // 12}-{i % 12 + 1:02}" for i in range(index - MONTHS + 1, index + 1)]
    amount = Commission.amount_minor
    sums = {row["month"]: row for row in Commission.select(
        Commission.month, peewee.fn.SUM(peewee.Case(None, [(amount > 0, amount)], 0)).alias("earned"),
        peewee.fn.SUM(peewee.Case(None, [(amount < 0, 0 - amount)], 0)).alias("reversed"))
        .where((Commission.affiliate_organization_id == org) & (Commission.month >= months[0]))
        .group_by(Commission.month).dicts()}
    paid = dict(AffiliatePayout.select(AffiliatePayout.month, AffiliatePayout.amount_minor).where(
        (AffiliatePayout.affiliate_organization_id == org) & (AffiliatePayout.month >= months[0])).tuples())
    return [{"month": month, "earned": Money(int(sums.get(month, {}).get("earned") or 0), currency),
             "reversed": Money(int(sums.get(month, {}).get("reversed") or 0), currency),
             "paid": Money(int(paid.get(month) or 0), currency)} for month in months]


def referrals(affiliate, cursor, limit):
    org = affiliate.organization_id
    found = page(Attribution.select().where(Attribution.affiliate_organization_id == org),
                 Attribution.referred_at, Attribution.id, cursor, limit)
    ids = [row.referred_organization_id for row in found["items"]]
    names = dict(KnownOrganization.select(KnownOrganization.organization_id, KnownOrganization.name)
                 .where(KnownOrganization.organization_id.in_(ids)).tuples()) if ids else {}
    totals = {row["referred_organization_id"]: row for row in Commission.select(
        Commission.referred_organization_id, peewee.fn.SUM(Commission.amount_minor).alias("total"),
        peewee.fn.SUM(peewee.Case(None, [(Commission.credit_note_id.is_null(), 1)], 0)).alias("accruals"))
        .where((Commission.affiliate_organization_id == org) & Commission.referred_organization_id.in_(ids))
        .group_by(Commission.referred_organization_id).dicts()} if ids else {}
    found["items"] = [{
        "id": row.id, "organization_id": row.referred_organization_id,
        "organization_name": names.get(row.referred_organization_id), "source": row.source,
        "referred_at": row.referred_at, "expires_at": row.expires_at,
        "converted": int(totals.get(row.referred_organization_id, {}).get("accruals") or 0) > 0,
        "commission_total": Money(int(totals.get(row.referred_organization_id, {}).get("total") or 0),
                                  affiliate.currency)} for row in found["items"]]
    return found


def commissions(affiliate, cursor, limit):
    found = page(Commission.select().where(Commission.affiliate_organization_id == affiliate.organization_id),
                 Commission.created_at, Commission.id, cursor, limit)
    ids = {row.referred_organization_id for row in found["items"]}
    names = dict(KnownOrganization.select(KnownOrganization.organization_id, KnownOrganization.name)
                 .where(KnownOrganization.organization_id.in_(list(ids))).tuples()) if ids else {}
    for row in found["items"]:
        row.organization_name = names.get(row.referred_organization_id)
        row.kind = "commission" if row.credit_note_id is None else "reversal"
        row.net = Money(row.net_minor, row.invoice_currency)
    return found


def payouts(affiliate, cursor, limit):
    return page(AffiliatePayout.select().where(AffiliatePayout.affiliate_organization_id == affiliate.organization_id),
                AffiliatePayout.issued_at, AffiliatePayout.id, cursor, limit)
