"""PA9: a partner's export of one client's billing data for a period, as CSV streamed one keyset
page at a time (a generator: a year of a large partner never sits in memory).

What the partner may see of the client (an active link between them): the lines of the client's
products on invoices made to the partner (it pays: PA8), and the client's own invoices when the
access check lets the caller read the client's billing (billing entrusted, PA5). Staff read all
of it. Invoices count by the day they were issued, from `start` to `end` included; drafts
(pro-formas) are not invoices yet and are left out.
"""
from datetime import datetime, time, timedelta

from services.common.csvtext import Chunks
from services.common.errors import NotFound
from services.common.money import Money

from .models import Invoice, InvoiceLine, Order, PayerRoute, Product, db

COLUMNS = ("invoice_number", "issued_at", "due_on", "invoice_status", "invoiced_organization_id", "currency",
           "line", "kind", "description", "product_id", "product_type", "period_start", "period_end", "quantity",
           "unit_price", "discount", "partner_discount", "net", "vat_rate", "vat")
PAGE = 1000
NO_CLIENT = "No such client of this partner."


def client_of(partner_organization_id, client_organization_id):
    """NotFound unless the partner has an active link to the client (tenant isolation)."""
    linked = PayerRoute.select().where((PayerRoute.partner_organization_id == partner_organization_id)
                                       & (PayerRoute.client_organization_id == client_organization_id)
                                       & (PayerRoute.status == "active")).exists()
    if not linked:
        raise NotFound(NO_CLIENT)


def _visible(partner, client, client_invoices):
    """Which lines: the client's products' on the partner's invoices; all of the client's own
    invoices when `client_invoices`."""
    products = Product.select(Product.id).where(Product.organization_id == client)
    orders = Order.select(Order.id).where(Order.organization_id == client)
    condition = (Invoice.organization_id == partner) & (InvoiceLine.product_id.in_(products)
                                                        | Invoice.order_id.in_(orders))
    return condition | (Invoice.organization_id == client) if client_invoices else condition


def _page(condition, start, end, after, limit):
    """Up to `limit` lines in (issued_at, invoice id, position) order, after the key `after`."""
    query = (InvoiceLine.select(Invoice.id.alias("invoice_id"), Invoice.number, Invoice.issued_at, Invoice.due_on,
                                Invoice.status, Invoice.organization_id, Invoice.currency, InvoiceLine.position,
                                InvoiceLine.kind, InvoiceLine.description, InvoiceLine.product_id,
                                InvoiceLine.product_type, InvoiceLine.period_start, InvoiceLine.period_end,
                                InvoiceLine.quantity, InvoiceLine.unit_price_minor, InvoiceLine.discount_minor,
                                InvoiceLine.partner_discount_minor, InvoiceLine.net_minor, InvoiceLine.vat_rate,
                                InvoiceLine.vat_minor)
             .join(Invoice)
             .where(condition & (Invoice.status != "draft") & (Invoice.issued_at >= start) & (Invoice.issued_at < end)))
    if after is not None:
        at, invoice_id, position = after
        query = query.where((Invoice.issued_at > at) | ((Invoice.issued_at == at) & (Invoice.id > invoice_id))
                            | ((Invoice.issued_at == at) & (Invoice.id == invoice_id) & (InvoiceLine.position > position)))
    return list(query.order_by(Invoice.issued_at, Invoice.id, InvoiceLine.position).limit(limit).dicts())


def _values(row):
    def money(minor):
        return format(Money(minor, row["currency"]).amount, "f")

    return (row["number"], row["issued_at"], row["due_on"], row["status"], row["organization_id"], row["currency"],
            row["position"], row["kind"], row["description"], row["product_id"], row["product_type"],
            row["period_start"], row["period_end"], row["quantity"], money(row["unit_price_minor"]),
            money(row["discount_minor"]), money(row["partner_discount_minor"]), money(row["net_minor"]),
            row["vat_rate"], money(row["vat_minor"]))


def csv_chunks(partner_organization_id, client_organization_id, start, end, client_invoices, page=PAGE):
    """The export as CSV text: the header, then one chunk per page of lines (authorize first)."""
    condition = _visible(partner_organization_id, client_organization_id, client_invoices)
    since, until = datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)
    chunks = Chunks()
    chunks.row(COLUMNS)
    yield chunks.take()
    after = None
    while True:
        db.connect(reuse_if_open=True)  # streamed after the view returned: the request's connection may be closed
        rows = _page(condition, since, until, after, page)
        for row in rows:
            chunks.row(_values(row))
        yield chunks.take()
        if len(rows) < page:
            return
        last = rows[-1]
        after = (last["issued_at"], last["invoice_id"], last["position"])
