"""What a renewal by the runs writes (BI3, BI4): the renewal's invoice (one line: the product's
next period at the catalogue's current price), the product's expiry moved by one period, and
`billing.product.renewed`. Callers run these inside their own `db.atomic()`."""
from services.common import clock

from . import addresses, invoicing, partner_discount, terms
from .models import Invoice, InvoiceLine, Product, RenewalAttempt, outbox

RUN = {}  # ordered_by of what a run does: billing itself, no account (events.OrderedBy)


def product_facts(product):
    """The fields of events.ProductEvent, from a Product row."""
    return {"product_id": product.id, "organization_id": product.organization_id,
            "billed_organization_id": product.billed_organization_id, "product_type": product.type,
            "family": product.family, "status": product.status, "started_on": product.started_on,
            "expires_on": product.expires_on, "period_months": product.period_months, "units": product.units,
            "price_minor": product.price_minor, "currency": product.currency}


def next_period(product):
    """(start, end) of the period a renewal of `product` pays: from its expiry, one period on."""
    return product.expires_on, terms.add_months(product.expires_on, product.period_months)


def _buyer(product):
    """BI9: the product's billing address, else the organization's default; (snapshot, country)."""
    address = addresses.chosen(product.billed_organization_id, None, [product.billing_address_id])
    return addresses.snapshot(address), addresses.country(address)


def draft(product, context):
    """The renewal's pro-forma: a draft invoice of one line for the product's next period."""
    return draft_many([product], context)


def draft_many(products, context):
    """One draft invoice with a line per product for its next period (BI2: several products of
    one organization in one invoice); the products share the organization billed, the currency
    and the billing address (BI9), the first product's address is the invoice's."""
    lines = []
    for product in products:
        kind = context.catalogue.get(product.type)
        start, end = next_period(product)
        unit_price = kind.unit_price(product.period_months, product.currency, product.units) if kind else product.price
        lines.append({"kind": "renewal", "description": f"{kind.name if kind else product.type}: {product.name}",
                      "unit_price": unit_price, "quantity": product.units,
                      "vat_category": kind.vat_category if kind else "standard", "product_id": product.id,
                      "product_type": product.type, "period_start": start, "period_end": end,
                      "catalogue_partner": partner_discount.catalogue_partner(
                          kind, product.period_months, product.currency, product.units) if kind else None})
    first = products[0]
    buyer, country = _buyer(first)
    return invoicing.create_draft(first.billed_organization_id, first.currency, lines, context.vat_rates,
                                  country, buyer)


def open_draft(product):
    """The pro-forma an earlier charge attempt drafted for this expiry, if it is still a draft."""
    attempt = (RenewalAttempt.select(RenewalAttempt.invoice_id)
               .where((RenewalAttempt.product_id == product.id) & (RenewalAttempt.expires_on == product.expires_on)
                      & RenewalAttempt.invoice_id.is_null(False))
               .order_by(RenewalAttempt.attempt.desc()).first())
    invoice = Invoice.get_or_none(Invoice.id == attempt.invoice_id) if attempt else None
    return invoice if invoice is not None and invoice.status == "draft" \
        and invoice.organization_id == product.billed_organization_id else None


def issue(invoice, product):
    return invoicing.issue(invoice, RUN, {product.type: product.family},
                           {product.id: product.organization_id})


def extend(product_id, invoice, how):
    """Move the product's expiry from the renewal line's period start to its end and announce it;
    False (nothing written) when it is no longer at that start: renewed already, by this run,
    a settlement or a person."""
    line = InvoiceLine.get((InvoiceLine.invoice == invoice.id) & (InvoiceLine.product_id == product_id))
    moved = Product.update(expires_on=line.period_end).where(
        (Product.id == product_id) & (Product.expires_on == line.period_start)
        & Product.status.in_(("active", "suspended"))).execute()
    if not moved:
        return False
    announce(Product.get_by_id(product_id), line.period_start, line.period_end, line.net_minor, invoice.id, how)
    return True


def announce(product, period_start, period_end, net_minor, invoice_id, how):
    """`billing.product.renewed` for `product` (as it is after the renewal)."""
    outbox.emit("billing.product.renewed", renewed_facts(product, period_start, period_end, net_minor, invoice_id, how))


def renewed_facts(product, period_start, period_end, net_minor, invoice_id, how):
    """The payload of `billing.product.renewed` (outbox.emit_many takes many of them)."""
    return {**product_facts(product), "periods": 1, "period_start": period_start, "period_end": period_end,
            "net_minor": net_minor, "invoice_id": invoice_id, "ordered_by": RUN, "how": how}


def finished(attempt_id, status, failure=None):
    """Close a pending attempt; False when another runner closed it first."""
    return RenewalAttempt.update(status=status, failure=failure, finished_at=clock.utcnow()).where(
        (RenewalAttempt.id == attempt_id) & (RenewalAttempt.status == "pending")).execute() == 1
