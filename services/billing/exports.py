"""PA9: a partner's export of one client's billing data for a period, as CSV streamed one keyset
page at a time (a generator: a year of a large partner never sits in memory).

What the partner may see of the client (an active link between them): the lines of the client's
products on invoices made to the partner (it pays: PA8), and the client's own invoices when the
access check lets the caller read the client's billing (billing entrusted, PA5). Staff read all
of it. Invoices count by the day they were issued, from `start` to `end` included; drafts
(pro-formas) are not invoices yet and are left out.
"""
import heapq
import itertools
from datetime import datetime, time, timedelta

from peewee import Tuple, fn

from services.common.csvtext import Chunks
from services.common.errors import NotFound
from services.common.money import Money

from .models import Invoice, InvoiceLine, Order, PayerRoute, Product, db

COLUMNS = ("invoice_number", "issued_at", "due_on", "invoice_status", "invoiced_organization_id", "currency",
           "line", "kind", "description", "product_id", "product_type", "period_start", "period_end", "quantity",
           "unit_price", "discount", "partner_discount", "net", "vat_rate", "vat")
PAGE = 100  # invoices per page (and per chunk of CSV)
NO_CLIENT = "No such client of this partner."


def client_of(partner_organization_id, client_organization_id):
    """NotFound unless the partner has an active link to the client (tenant isolation)."""
    linked = PayerRoute.select().where((PayerRoute.partner_organization_id == partner_organization_id)
                                       & (PayerRoute.client_organization_id == client_organization_id)
                                       & (PayerRoute.status == "active")).exists()
    if not linked:
        raise NotFound(NO_CLIENT)


def _invoices(condition, since, until, page):
    """(issued_at, id) of the issued invoices matching `condition` in [since, until), in that
    order, read a keyset page at a time (the index on organization, issue time and id)."""
    after = None
    while True:
        db.connect(reuse_if_open=True)  # streamed after the view returned: the request's connection may be closed
        query = Invoice.select(Invoice.issued_at, Invoice.id).where(
            condition & (Invoice.status != "draft") & (Invoice.issued_at >= since) & (Invoice.issued_at < until))
        if after is not None:
            at, invoice_id = after
            query = query.where(Tuple(Invoice.issued_at, Invoice.id)
                                > Tuple(Invoice.issued_at.db_value(at), Invoice.id.db_value(invoice_id)))
        rows = list(query.order_by(Invoice.issued_at, Invoice.id).limit(page).tuples())
        yield from rows
        if len(rows) < page:
            return
        after = rows[-1]


def _sources(partner, client, since, until, client_invoices, page):
    """The invoices the export covers, by issue time: the partner's with lines of the client's
    products or orders, and the client's own when `client_invoices` (merged, constant memory)."""
    products = Product.select(Product.id).where(Product.organization_id == client)
    orders = Order.select(Order.id).where(Order.organization_id == client)
    of_client = InvoiceLine.select(InvoiceLine.id).where((InvoiceLine.invoice == Invoice.id)
                                                         & InvoiceLine.product_id.in_(products))
    sources = [_invoices((Invoice.organization_id == partner) & (Invoice.order_id.in_(orders) | fn.EXISTS(of_client)),
                         since, until, page)]
    if client_invoices:
        sources.append(_invoices(Invoice.organization_id == client, since, until, page))
    line_visible = (Invoice.organization_id == client) | InvoiceLine.product_id.in_(products) | Invoice.order_id.in_(orders)
    return heapq.merge(*sources), line_visible


def _lines(invoice_ids, line_visible):
    """The visible lines of these invoices, in (issued_at, invoice id, position) order."""
    db.connect(reuse_if_open=True)
    return (InvoiceLine.select(Invoice.number, Invoice.issued_at, Invoice.due_on, Invoice.status,
                               Invoice.organization_id, Invoice.currency, InvoiceLine.position, InvoiceLine.kind,
                               InvoiceLine.description, InvoiceLine.product_id, InvoiceLine.product_type,
                               InvoiceLine.period_start, InvoiceLine.period_end, InvoiceLine.quantity,
                               InvoiceLine.unit_price_minor, InvoiceLine.discount_minor,
                               InvoiceLine.partner_discount_minor, InvoiceLine.net_minor, InvoiceLine.vat_rate,
                               InvoiceLine.vat_minor)
            .join(Invoice).where(InvoiceLine.invoice.in_(invoice_ids) & line_visible)
            .order_by(Invoice.issued_at, Invoice.id, InvoiceLine.position).dicts())


def _values(row):
    def money(minor):
        return format(Money(minor, row["currency"]).amount, "f")

    return (row["number"], row["issued_at"], row["due_on"], row["status"], row["organization_id"], row["currency"],
            row["position"], row["kind"], row["description"], row["product_id"], row["product_type"],
            row["period_start"], row["period_end"], row["quantity"], money(row["unit_price_minor"]),
            money(row["discount_minor"]), money(row["partner_discount_minor"]), money(row["net_minor"]),
            row["vat_rate"], money(row["vat_minor"]))


def csv_chunks(partner_organization_id, client_organization_id, start, end, client_invoices, page=PAGE):
    """The export as CSV text: the header, then one chunk per `page` invoices (authorize first)."""
    since, until = datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)
    invoices, line_visible = _sources(partner_organization_id, client_organization_id, since, until,
                                      client_invoices, page)
    chunks = Chunks()
    chunks.row(COLUMNS)
    yield chunks.take()
    while batch := [invoice_id for _at, invoice_id in itertools.islice(invoices, page)]:
        for row in _lines(batch, line_visible):
            chunks.row(_values(row))
        yield chunks.take()
