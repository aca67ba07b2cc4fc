"""Manual renewal (BI2, BI9): one or several products, each for one or more periods, in ONE
issued invoice to the chosen billing address; paying it extends them (settlement.py)."""
from services.common.errors import NotFound, RuleViolation

from . import addresses, invoice_reads, invoicing, partner_discount, payers, terms
from . import order_rules as rules
from .models import Invoice, Product, db


def renew(caller, organization_id, items, billing_address_id, catalogue, vat_rates):
    """`items`: [{product_id, periods}] (distinct products). Returns the issued invoice as its
    detail (invoice_reads)."""
    ordered_by = caller.billing(organization_id, "billing.manage")
    wanted = [item["product_id"] for item in items]
    with db.atomic():
        products = {p.id: p for p in Product.select().where(
            (Product.organization_id == organization_id) & Product.id.in_(wanted))}
        if len(products) != len(set(wanted)):
            raise NotFound("No such product.")
        lines, families = [], {}
        for item in items:
            product = products[item["product_id"]]
            lines.append(_line(product, catalogue.get(product.type), item["periods"]))
            families[product.type] = product.family
        chosen = [products[p] for p in wanted]
        address = addresses.chosen(organization_id, billing_address_id, [p.billing_address_id for p in chosen])
        payer = payers.paying_organization(organization_id)  # PA8: the partner, when it pays
        address = payers.invoice_address(organization_id, payer, address)
        invoice = invoicing.create_draft(payer, chosen[0].currency, lines, vat_rates,
                                         addresses.country(address), addresses.snapshot(address))
        Invoice.update(ordered_by=ordered_by).where(Invoice.id == invoice.id).execute()
        invoice.ordered_by = ordered_by
        # Issued last: the number sequence stays locked until this transaction commits.
        invoicing.issue(invoice, ordered_by, families, {p.id: p.organization_id for p in chosen})
    return invoice_reads.invoice_detail(invoice)


def _line(product, product_type, periods):
    rules.check_renewal(product_type, product.status, periods)
    if product.period_months not in [price.months for price in product_type.prices]:
        raise RuleViolation("BI2", f"{product_type.name} is no longer sold by periods of {product.period_months} "
                                   "months: order it again.")
    unit = product_type.unit_price(product.period_months, product.currency, product.units)
    return {"kind": "renewal", "description": f"Renewal: {product_type.name}: {product.name} "
                                              f"({periods} × {product.period_months} months)"[:300],
            "unit_price": unit, "quantity": product.units * periods, "vat_category": product_type.vat_category,
            "product_id": product.id, "product_type": product.type, "period_start": product.expires_on,
            "period_end": terms.add_months(product.expires_on, product.period_months * periods),
            "catalogue_partner": partner_discount.catalogue_partner(product_type, product.period_months,
                                                                    product.currency, product.units * periods)}
