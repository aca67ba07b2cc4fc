"""PX5: the margin report, per client and month, of cost (what billing invoiced the partner)
against resale (what the partner's branded invoices charged), read from the branded invoices as
they were issued: never recomputed from today's prices or rules, so a past month reconciles."""
from peewee import fn

from .rebilling_models import BrandedInvoice


def margins(partner_id, first_month, last_month, client_id=None):
    """Rows of client_organization_id, client_name, month, currency, cost, resale, margin (minor
    units) and invoices, by client and month, oldest month first."""
    query = (BrandedInvoice.select(BrandedInvoice.client_organization_id, BrandedInvoice.month,
                                   BrandedInvoice.currency, fn.MAX(BrandedInvoice.client_name).alias("client_name"),
                                   fn.SUM(BrandedInvoice.cost_minor).alias("cost_minor"),
                                   fn.SUM(BrandedInvoice.net_minor).alias("resale_minor"),
                                   fn.COUNT(BrandedInvoice.id).alias("invoices"))
             .where((BrandedInvoice.partner_organization_id == partner_id) & (BrandedInvoice.month >= first_month)
                    & (BrandedInvoice.month <= last_month))
             .group_by(BrandedInvoice.client_organization_id, BrandedInvoice.month, BrandedInvoice.currency)
             .order_by(BrandedInvoice.month, BrandedInvoice.client_organization_id))
    if client_id is not None:
        query = query.where(BrandedInvoice.client_organization_id == client_id)
    return [{**row, "cost_minor": int(row["cost_minor"]), "resale_minor": int(row["resale_minor"]),
             "margin_minor": int(row["resale_minor"]) - int(row["cost_minor"])} for row in query.dicts()]
