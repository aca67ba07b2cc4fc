"""PA8: who pays for a client's products. The one place an invoice's organization is decided.

Billing keeps what it needs of each partner link from the `partner.link.*` events (PayerRoute,
the state with the highest `version` per link: an older or repeated event changes nothing).
The paying organization of client C is the partner of C's active link whose payer is
"partner", else C itself. A change of payer moves `Product.billed_organization_id` of C's open
products in the same transaction as the projection, so that every invoice made afterwards
(orders, manual and automatic renewals, the warranty, and their dunning, which follows the
invoice) goes to the paying organization; invoices issued before stay where they are, and the
products stay in C (`Product.organization_id`).

Who is invoiced, by path:
- a new order's invoice, a manual renewal: `paying_organization(C)` when it is made;
- the runs (automatic and warranty renewals, expiry warnings): `Product.billed_organization_id`,
  which only this module and the start of an order (`paying_organization` again) write.
"""
from peewee import IntegrityError

from services.common import clock
from services.common.db import for_update

from . import addresses
from .models import BillingAccount, Invoice, PayerRoute, Product, RenewalAttempt, db

OPEN = ("active", "suspended")


def paying_organization(organization_id):
    """The organization invoiced for `organization_id`'s products now (PA8)."""
    route = (PayerRoute.select(PayerRoute.partner_organization_id)
             .where((PayerRoute.client_organization_id == organization_id) & (PayerRoute.status == "active")
                    & (PayerRoute.payer == "partner"))
             .order_by(PayerRoute.updated_at.desc(), PayerRoute.link_id).first())
    return route.partner_organization_id if route else organization_id


def invoice_address(organization_id, payer, address):
    """BI9 with PA8: the address named for `organization_id`'s invoice when it pays itself; else
    the paying organization's default (the client's address stays on the order and products,
    for when the client pays again)."""
    return address if str(payer) == str(organization_id) else addresses.chosen(payer)


def apply_link_state(state):
    """A `partner.link.*` event (events.LinkState): record the link's state when it is newer than
    the one known, and move the client's open products to whoever pays now. True when applied."""
    client = state["client_organization_id"]
    with db.atomic():
        # One change of a client's payer at a time (PostgreSQL: the client's account row locked;
        # SQLite: the write lock), so two links' events never leave the products on a stale payer.
        for_update(BillingAccount.select(BillingAccount.organization_id)
                   .where(BillingAccount.organization_id == client)).first()
        before = paying_organization(client)
        fields = {"client_organization_id": client, "partner_organization_id": state["partner_organization_id"],
                  "payer": state["payer"], "status": state["status"], "version": state["version"],
                  "updated_at": clock.utcnow()}
        if not _record(state["link_id"], fields):
            return False
        after = paying_organization(client)
        if after != before:
            _move_products(client, before, after)
    return True


def _record(link_id, fields):
    """Write the link's state when it is the first known or newer than the one known."""
    if not PayerRoute.select().where(PayerRoute.link_id == link_id).exists():
        try:
            with db.atomic():
                PayerRoute.create(link_id=link_id, **fields)
            return True
        except IntegrityError:  # another consumer recorded the link meanwhile: compare versions
            pass
    return PayerRoute.update(**fields).where(
        (PayerRoute.link_id == link_id) & (PayerRoute.version < fields["version"])).execute() == 1


def _move_products(client, before, after):
    """The client's open products are invoiced to `after` from now on; the renewal pro-formas
    drafted for `before` and not yet issued are void (the next attempt drafts one for `after`)."""
    moved = Product.select(Product.id).where((Product.organization_id == client) & Product.status.in_(OPEN))
    Product.update(billed_organization_id=after).where(
        (Product.organization_id == client) & Product.status.in_(OPEN)).execute()
    drafts = RenewalAttempt.select(RenewalAttempt.invoice_id).where(
        RenewalAttempt.product_id.in_(moved) & RenewalAttempt.invoice_id.is_null(False))
    Invoice.update(status="void").where(Invoice.id.in_(drafts) & (Invoice.status == "draft")
                                        & (Invoice.organization_id == before)).execute()
