"""PX5: a partner's branded invoice to its client, made when billing issues the partner an
invoice covering that client's products and one of the partner's markup rules applies.

Billing's own `billing.invoice.issued` event starts it (handlers.py), so issuing (a hot path,
holding the BI5 sequence) does nothing more. Per client of the invoice's lines whose active
link says the partner pays (PayerRoute), with the partner's branding: the lines keep their cost
(what billing invoiced the partner, net, converted to the branding's currency when it differs)
and their resale (markup.resale of the rule in effect on the day), VAT per line at billing's
rates for the client's country; the number is the next of the partner's own series and year
(invoicing.take_number: gap-free); `billing.branded_invoice.issued` and the mail to the
client's billing contacts are written in the same transaction (outbox, mail after commit).
Once per source invoice and client (a unique index): a repeated event adds nothing.
"""
from datetime import timedelta

from peewee import IntegrityError

from services.common import clock, exchange
from services.common.contacts import billing_contacts
from services.common.money import Money
from services.common.pricing import ROUNDING

from . import addresses, domain, invoicing, markup, rebilling, run_context
from .models import Invoice, InvoiceLine, Order, PayerRoute, Product, db, messages, outbox
from .rebilling_models import BrandedInvoice, BrandedInvoiceLine, BrandedNumberSequence, PartnerBranding


def on_invoice_issued(data):
    """The branded invoices of one issued billing invoice; [] when none is due."""
    partner = data["organization_id"]
    routes = {str(r.client_organization_id) for r in PayerRoute.select(PayerRoute.client_organization_id).where(
        (PayerRoute.partner_organization_id == partner) & (PayerRoute.payer == "partner")
        & (PayerRoute.status == "active"))}
    branding = PartnerBranding.get_or_none(PartnerBranding.partner_organization_id == partner) if routes else None
    if branding is None:
        return []
    per_client = _lines_per_client(data, routes)
    rules = [rebilling.as_rule(row) for row in rebilling.rules_of(partner)]
    today = clock.today()
    made, config = [], run_context.current().config
    for client, lines in per_client.items():
        priced = [(line, family, markup.applicable(rules, client, family, today)) for line, family in lines]
        if not any(rule for _l, _f, rule in priced):
            continue
        people = billing_contacts(run_context.current().orgs_client, client)  # before the transaction
        made += [b for b in [_issue(branding, client, data["invoice_id"], priced, people, config)] if b]
    return made


def _lines_per_client(data, clients):
    """{client id: [(InvoiceLine, family)]} of the invoice's lines for the partner's paid-for clients."""
    facts = {str(f["line_id"]): f for f in data["lines"]}
    lines = list(InvoiceLine.select().where(InvoiceLine.invoice == data["invoice_id"]).order_by(InvoiceLine.position))
    products = {p.id: p for p in Product.select().where(Product.id.in_([l.product_id for l in lines if l.product_id]))}
    order = Order.get_or_none(Order.id == data["order_id"]) if data.get("order_id") else None
    per_client = {}
    for line in lines:
        fact, product = facts.get(str(line.id), {}), products.get(line.product_id)
        client = fact.get("product_organization_id") or (product.organization_id if product else None) \
            or (order.organization_id if order else None)
        if client is not None and str(client) in clients:
            per_client.setdefault(str(client), []).append((line, fact.get("family") or (product and product.family)))
    return per_client


def _issue(branding, client, source_invoice_id, priced, people, config):
    currency, now = branding.currency, clock.utcnow()
    address = addresses.chosen(client)
    rates = run_context.current().vat_rates
    rows = []
    for line, family, rule in priced:
        cost = _in(Money(line.net_minor, Invoice.get_by_id(line.invoice_id).currency), currency, config)
        resale = markup.resale(cost, rule)
        rate = domain.vat_rate(rates, addresses.country(address), line.vat_category)
        rows.append((line, family, rule, cost, resale, rate, resale.percent(rate, rounding=domain.ROUNDING)))
    net, vat, total = domain.totals([(r[4], r[6]) for r in rows], currency)
    cost = Money.sum((r[3] for r in rows), currency)
    try:
        with db.atomic():
            sequence = invoicing.take_number(BrandedNumberSequence, BrandedNumberSequence.partner_organization_id,
                                             branding.partner_organization_id, now.year)
            invoice = BrandedInvoice.create(
                partner_organization_id=branding.partner_organization_id, client_organization_id=client,
                client_name=(address.name if address else "") or "", source_invoice_id=source_invoice_id,
                number=domain.invoice_number(branding.number_prefix, now.year, sequence), year=now.year,
                month=markup.month_of(now.date()), currency=currency, cost_minor=cost.minor, net_minor=net.minor,
                vat_minor=vat.minor, total_minor=total.minor, seller=seller_of(branding),
                buyer=addresses.snapshot(address),
                qr_reference=domain.qr_reference(now.year, sequence) if currency == "CHF" and branding.qr_iban else None,
                issued_at=now, due_on=now.date() + timedelta(days=domain.PAYMENT_TERMS_DAYS))
            for position, (line, family, rule, line_cost, resale, rate, line_vat) in enumerate(rows, 1):
                BrandedInvoiceLine.create(
                    branded_invoice=invoice.id, position=position, description=line.description,
                    product_id=line.product_id, family=family, period_start=line.period_start,
                    period_end=line.period_end, source_line_id=line.id, markup_rule_id=rule.id if rule else None,
                    cost_minor=line_cost.minor, net_minor=resale.minor, vat_category=line.vat_category,
                    vat_rate=format(rate, "f"), vat_minor=line_vat.minor)
            outbox.emit("billing.branded_invoice.issued", {
                "branded_invoice_id": invoice.id, "partner_organization_id": invoice.partner_organization_id,
                "client_organization_id": client, "number": invoice.number, "currency": currency,
                "net_minor": net.minor, "vat_minor": vat.minor, "total_minor": total.minor, "cost_minor": cost.minor,
                "month": invoice.month, "issued_at": clock.now(), "source_invoice_id": source_invoice_id})
            for person in people:
                messages.mail(person["email"], *_mail(invoice, branding))
    except IntegrityError:  # made already for this source invoice and client (a repeated event)
        return None
    return invoice


def seller_of(branding):
    """The branding as a seller (pdf.py, qr_bill.py), without its logo."""
    return {key: getattr(branding, key) for key in ("name", "street", "postal_code", "city", "country",
                                                    "vat_number", "iban", "qr_iban", "currency")}


def _in(cost, currency, config):
    if cost.currency == currency:
        return cost
    rate = exchange.rate_for(config["EXCHANGE_RATES"], cost.currency, currency)
    return exchange.convert(cost, rate, rounding=ROUNDING).converted


def _mail(invoice, branding):
    subject = f"Invoice {invoice.number} from {branding.name}"
    text = (f"{branding.name} sent you invoice {invoice.number} of {invoice.issued_at.date().isoformat()}: "
            f"{invoice.total.amount} {invoice.currency}, due by {invoice.due_on.isoformat()}.\n\n"
            f"Pay to {branding.name}, IBAN {branding.qr_iban or branding.iban or ''}, quoting {invoice.number}.\n")
    return subject, text
