"""Billing addresses (BI9): several per organization, one of them the default. An order or a
renewal is invoiced to the address it names, else its product's, else the default; the
invoice keeps a snapshot (its `buyer`) and the address's country decides the VAT (BI14)."""
from services.common import clock
from services.common.db import get_or_not_found

from .models import BillingAddress, Product, db

FIELDS = ("label", "name", "street", "postal_code", "city", "country", "vat_number", "email")
DEFAULT_COUNTRY = "CH"  # the seller's: VAT when an invoice has no billing address


def _active(organization_id):
    return (BillingAddress.organization_id == organization_id) & BillingAddress.archived_at.is_null()


def find(organization_id, address_id):
    """One of the organization's current addresses, or NotFound (another organization's too)."""
    return get_or_not_found(BillingAddress, _active(organization_id), BillingAddress.id == address_id,
                            detail="No such billing address.")


def list_addresses(caller, organization_id):
    caller.billing(organization_id, "billing.read")
    return list(BillingAddress.select().where(_active(organization_id))
                .order_by(BillingAddress.is_default.desc(), BillingAddress.created_at))


def create_address(caller, organization_id, fields):
    """A new address; the organization's first one becomes its default."""
    caller.billing(organization_id, "billing.manage")
    with db.atomic():
        first = not BillingAddress.select().where(_active(organization_id)).exists()
        return BillingAddress.create(organization_id=organization_id, is_default=first, **fields)


def update_address(caller, organization_id, address_id, fields):
    """Change an address; invoices already made keep the snapshot they took."""
    caller.billing(organization_id, "billing.manage")
    with db.atomic():
        address = find(organization_id, address_id)
        for name, value in fields.items():
            setattr(address, name, value)
        address.save()
    return address


def make_default(caller, organization_id, address_id):
    caller.billing(organization_id, "billing.manage")
    with db.atomic():
        address = find(organization_id, address_id)
        BillingAddress.update(is_default=False).where(_active(organization_id)).execute()
        BillingAddress.update(is_default=True).where(BillingAddress.id == address.id).execute()
    address.is_default = True
    return address


def remove_address(caller, organization_id, address_id):
    """Archive an address: no longer chosen; its products fall back to the default, and when it
    was the default, the oldest remaining address takes its place."""
    caller.billing(organization_id, "billing.manage")
    with db.atomic():
        address = find(organization_id, address_id)
        BillingAddress.update(archived_at=clock.utcnow(), is_default=False).where(
            BillingAddress.id == address.id).execute()
        Product.update(billing_address_id=None).where(
            (Product.organization_id == organization_id) & (Product.billing_address_id == address.id)).execute()
        if address.is_default:
            heir = (BillingAddress.select().where(_active(organization_id))
                    .order_by(BillingAddress.created_at).first())
            if heir:
                BillingAddress.update(is_default=True).where(BillingAddress.id == heir.id).execute()


def chosen(organization_id, address_id=None, product_address_ids=()):
    """BI9: the address an invoice goes to: the one named, else the first of its products' own,
    else the organization's default; None when the organization has none."""
    if address_id is not None:
        return find(organization_id, address_id)
    for product_address in product_address_ids:
        if product_address is not None:
            address = BillingAddress.get_or_none(_active(organization_id), BillingAddress.id == product_address)
            if address:
                return address
    return BillingAddress.get_or_none(_active(organization_id), BillingAddress.is_default == True)  # noqa: E712


def snapshot(address):
    """The invoice's `buyer`: the address as it is now (later edits do not change issued invoices)."""
    if address is None:
        return None
    return {"billing_address_id": str(address.id), **{name: getattr(address, name) for name in FIELDS}}


def country(address):
    return address.country if address is not None else DEFAULT_COUNTRY
