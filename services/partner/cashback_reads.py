"""PA11: what a partner (its managers, or the provider's staff) reads of its cashback."""
from services.common import paging
from services.common.errors import NotFound

from .models import CashbackEntry, CashbackStatement


def allow(access, account_id, scopes, partner_org):
    """Staff read every partner's; anyone else needs `partner.manage` (404 when not reaching it)."""
    if "staff" not in scopes:
        access.require(account_id, "partner.manage", partner_org)


def statements(partner_org, cursor, limit):
    query = CashbackStatement.select().where(CashbackStatement.partner_organization_id == partner_org)
    return paging.page(query, CashbackStatement.issued_at, CashbackStatement.id, cursor, limit)


def statement(partner_org, statement_id):
    """One statement with the entries it covers: after the partner's previous statement, up to its month."""
    found = CashbackStatement.get_or_none((CashbackStatement.id == statement_id)
                                          & (CashbackStatement.partner_organization_id == partner_org))
    if found is None:
        raise NotFound("The partner has no such cashback statement.")
    previous = CashbackStatement.select(CashbackStatement.month).where(
        (CashbackStatement.partner_organization_id == partner_org) & (CashbackStatement.month < found.month)
    ).order_by(CashbackStatement.month.desc()).first()
    covered = (CashbackEntry.partner_organization_id == partner_org) & (CashbackEntry.month <= found.month)
    if previous is not None:
        covered &= CashbackEntry.month > previous.month
    found.items = list(CashbackEntry.select().where(covered).order_by(CashbackEntry.created_at, CashbackEntry.id))
    return found


def entries(partner_org, month):
    return {"items": list(CashbackEntry.select().where((CashbackEntry.partner_organization_id == partner_org)
                                                       & (CashbackEntry.month == month))
                          .order_by(CashbackEntry.created_at, CashbackEntry.id))}
