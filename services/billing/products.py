"""Products (BI1, BI12): what an organization holds, as the access check lets each person see
it; cancellation with confirmation; the billing address a product's renewals go to (BI9)."""
from services.common import clock, contacts
from services.common.db import get_or_not_found
from services.common.errors import Conflict, RuleViolation

from . import addresses, mails
from .domain import CLOSED_PRODUCT_STATUSES
from .models import Product, db, messages, outbox
from .renewal_invoices import product_facts


def find(organization_id, product_id):
    return get_or_not_found(Product, Product.organization_id == organization_id, Product.id == product_id,
                            detail="No such product.")


def list_products(caller, organization_id, status=None):
    """The organization's products the caller may read (one batch of access checks)."""
    query = Product.select().where(Product.organization_id == organization_id)
    if status:
        query = query.where(Product.status == status)
    products = list(query.order_by(Product.expires_on, Product.id))
    readable = caller.readable(organization_id, [p.id for p in products])
    return [p for p in products if p.id in readable]


def get_product(caller, organization_id, product_id):
    caller.product(organization_id, product_id, "product.read")
    return find(organization_id, product_id)


def cancel_product(caller, organization_id, product_id, confirm, orgs_client):
    """BI12: cancelling needs confirmation; what is already due stays due (issued invoices are
    not touched); the organization's other administrators are told by mail."""
    caller.product(organization_id, product_id, "product.manage")
    product = find(organization_id, product_id)
    if confirm is not True:
        raise RuleViolation("BI12", "Cancelling a product needs confirmation: send confirm: true.")
    if product.status in CLOSED_PRODUCT_STATUSES:
        raise Conflict(f"The product is {product.status} already.")
    # orgs is asked before the transaction: no call to another service while billing holds a lock.
    told = contacts.administrators(orgs_client, organization_id, except_account=caller.account_id)
    organization_name = orgs_client.get(f"/v1/organizations/{organization_id}")["name"] if told else ""
    now = clock.utcnow()
    with db.atomic():
        changed = Product.update(status="cancelled", cancelled_at=now, auto_renew=False).where(
            (Product.id == product.id) & Product.status.not_in(CLOSED_PRODUCT_STATUSES)).execute()
        if changed != 1:
            raise Conflict("The product was cancelled meanwhile.")
        product = Product.get_by_id(product.id)
        outbox.emit("billing.product.cancelled", {**product_facts(product),
                                                  "reason": "cancelled by the organization (BI12)"})
        for person in told:
            messages.mail(person["email"], *mails.product_cancelled(
                person.get("language"), organization_name, product.name, product.type, product.expires_on, now))
    return product


def set_billing_address(caller, organization_id, product_id, address_id):
    """BI9: the address this product's renewals are invoiced to; None: the organization's default."""
    caller.product(organization_id, product_id, "product.manage")
    with db.atomic():
        product = find(organization_id, product_id)
        if address_id is not None:
            addresses.find(organization_id, address_id)
        product.billing_address_id = address_id
        product.save()
    return product
