"""What a renewal by the runs writes (BI3, BI4): the renewal's invoice (one line: the product's
next period at the catalogue's current price), the product's expiry moved by one period, and
`billing.product.renewed`. Callers run these inside their own `db.atomic()`."""
from services.common import clock

from . import invoicing, terms
from .models import BillingAddress, Invoice, InvoiceLine, Product, RenewalAttempt, outbox

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
    address = None
    if product.billing_address_id:
        address = BillingAddress.get_or_none((BillingAddress.id == product.billing_address_id)
                                             & BillingAddress.archived_at.is_null())
    address = address or BillingAddress.get_or_none(
        (BillingAddress.organization_id == product.billed_organization_id) & BillingAddress.is_default
        & BillingAddress.archived_at.is_null())
    if address is None:
        return None, "CH"
    fields = ("name", "street", "postal_code", "city", "country", "vat_number", "email")
    return {name: getattr(address, name) for name in fields}, address.country


def draft(product, context):
    """The renewal's pro-forma: a draft invoice of one line for the product's next period."""
    kind = context.catalogue.get(product.type)
    start, end = next_period(product)
    unit_price = kind.unit_price(product.period_months, product.currency, product.units) if kind else product.price
    buyer, country = _buyer(product)
    line = {"kind": "renewal", "description": f"{kind.name if kind else product.type}: {product.name}",
            "unit_price": unit_price, "quantity": product.units,
            "vat_category": kind.vat_category if kind else "standard", "product_id": product.id,
            "product_type": product.type, "period_start": start, "period_end": end}
    return invoicing.create_draft(product.billed_organization_id, product.currency, [line], context.vat_rates,
                                  country, buyer)


def open_draft(product):
    """The pro-forma an earlier charge attempt drafted for this expiry, if it is still a draft."""
    attempt = (RenewalAttempt.select(RenewalAttempt.invoice_id)
               .where((RenewalAttempt.product_id == product.id) & (RenewalAttempt.expires_on == product.expires_on)
                      & RenewalAttempt.invoice_id.is_null(False))
               .order_by(RenewalAttempt.attempt.desc()).first())
    invoice = Invoice.get_or_none(Invoice.id == attempt.invoice_id) if attempt else None
    return invoice if invoice is not None and invoice.status == "draft" else None


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
    product = Product.get_by_id(product_id)
    outbox.emit("billing.product.renewed", {
        **product_facts(product), "periods": 1, "period_start": line.period_start,
        "period_end": line.period_end, "net_minor": line.net_minor, "invoice_id": invoice.id,
        "ordered_by": RUN, "how": how})
    return True


def finished(attempt_id, status, failure=None):
    """Close a pending attempt; False when another runner closed it first."""
    return RenewalAttempt.update(status=status, failure=failure, finished_at=clock.utcnow()).where(
        (RenewalAttempt.id == attempt_id) & (RenewalAttempt.status == "pending")).execute() == 1
