"""Switching automatic renewal (BI3) and the renewal warranty (BI4) on or off, for one product
or many at once. All or nothing: one product refused refuses the request, naming it.

Who may is orgs' to say (OR14): `product.manage` on each product; a product the caller may
not even read is answered as absent (404), one they may read but not manage is a 403."""
from services.common import clock
from services.common.errors import Conflict, Forbidden, NotFound, RuleViolation

from . import terms
from .models import PaymentProfile, Product, db

OPEN = ("active", "suspended")


def _checks(subject, organization_id, product_ids, action):
    return [{"subject": subject, "action": action, "organization": organization_id, "product": product_id}
            for product_id in product_ids]


def managed_products(access, subject, organization_id, product_ids):
    """The organization's products `product_ids` if the caller may manage every one of them."""
    decisions = access.check_many(_checks(subject, organization_id, product_ids, "product.manage"))
    denied = [p for p, d in zip(product_ids, decisions) if d["decision"] != "allow"]
    if denied:
        readable = access.check_many(_checks(subject, organization_id, denied, "product.read"))
        if any(d["decision"] != "allow" for d in readable):
            raise NotFound("No such product.")
        raise Forbidden("You may see but not manage these products: " + ", ".join(map(str, denied)) + ".")
    products = list(Product.select().where((Product.organization_id == organization_id)
                                           & Product.id.in_(product_ids)).order_by(Product.name, Product.id))
    if len(products) != len(set(product_ids)):
        raise NotFound("No such product.")
    return products


def _refuse(rule, refused):
    """One problem for the whole request, naming each refused product and why."""
    raise RuleViolation(rule, "; ".join(f"{product.name} ({product.id}): {error.detail}"
                                        for product, error in refused),
                        products=[str(product.id) for product, _error in refused])


def _default_profile(organization_id):
    profile = PaymentProfile.get_or_none((PaymentProfile.organization_id == organization_id)
                                         & PaymentProfile.is_default & PaymentProfile.removed_at.is_null())
    return (profile.method, profile.brand) if profile else None


def _closed(products):
    closed = [p for p in products if p.status not in OPEN]
    if closed:
        raise Conflict("Terminated or cancelled products keep their options: "
                       + ", ".join(f"{p.name} ({p.id})" for p in closed) + ".")


def set_auto_renewal(access, subject, organization_id, product_ids, enabled, catalogue):
    """BI3: on needs a Visa or MasterCard default profile of the organization invoiced and more
    than 14 days before expiry (renew manually first); off is always possible."""
    products = managed_products(access, subject, organization_id, product_ids)
    if enabled:
        _closed(products)
        today, refused = clock.today(), []
        for product in products:
            try:
                kind = catalogue.get(product.type)
                if kind is not None and not kind.renewable:
                    raise RuleViolation("BI3", "This product type cannot be renewed.")
                terms.check_auto_renewal_switch_on(product.expires_on, today,
                                                   _default_profile(product.billed_organization_id))
            except RuleViolation as error:
                refused.append((product, error))
        if refused:
            _refuse("BI3", refused)
    return _set(products, auto_renew=enabled)


def set_warranty(access, subject, organization_id, product_ids, enabled, catalogue):
    """BI4: the warranty for every product type the catalogue offers it for (never NAS Synology)."""
    products = managed_products(access, subject, organization_id, product_ids)
    if enabled:
        _closed(products)
        refused = []
        for product in products:
            kind = catalogue.get(product.type)
            try:
                terms.check_warranty_offered(bool(kind and kind.warranty), enabled)
            except RuleViolation as error:
                refused.append((product, error))
        if refused:
            _refuse("BI4", refused)
    return _set(products, warranty=enabled)


def _set(products, **option):
    with db.atomic():
        Product.update(**option).where(Product.id.in_([p.id for p in products])).execute()
    for product in products:
        for name, value in option.items():
            setattr(product, name, value)
    return products
