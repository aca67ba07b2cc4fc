"""The rules of a partner-client link (PA4, PA5, PA7, PA8, PX1) as plain Python: no Flask,
no peewee. Instants are naive UTC, as stored; `now` is always the caller's argument."""
from datetime import timedelta

from services.common.errors import RuleViolation

REQUEST_DAYS = 30  # PA4 (our choice): a pending request expires 30 days after its last (re)send
MIN_END = timedelta(days=1)  # PX1: an end date 1 day to 2 years ahead
MAX_END = timedelta(days=730)
EXTENSION = timedelta(days=180)  # PX1: automatic extension
WARNING_DAYS = (30, 7, 1)  # PX1: both sides warned this many days before the end
OPEN = ("pending", "active")  # at most one such link per (partner, client) pair
CLOSED = ("declined", "withdrawn", "expired", "stopped", "ended")


def checked_scope(scope):
    """PA5: {"scope", "products", "billing"} made consistent, or RuleViolation PA5 saying why.
    Limited: at least one product, each with technical and/or statistics, never billing.
    Full: the whole account, no product list, billing optionally entrusted."""
    kind, products, billing = scope["scope"], scope.get("products"), bool(scope.get("billing"))
    if kind == "limited":
        if not products:
            raise RuleViolation("PA5", "A limited scope names at least one product.")
        if billing:
            raise RuleViolation("PA5", "Billing can be entrusted only with full access.")
        empty = [str(p) for p, rights in products.items() if not (rights["technical"] or rights["statistics"])]
        if empty:
            raise RuleViolation("PA5", "Each product of a limited scope needs technical and/or statistics rights: "
                                + ", ".join(sorted(empty)) + ".")
        products = {str(p): {"technical": bool(r["technical"]), "statistics": bool(r["statistics"])}
                    for p, r in products.items()}
        return {"scope": "limited", "products": products, "billing": False}
    if products:
        raise RuleViolation("PA5", "Full access covers the whole account: name no products.")
    return {"scope": "full", "products": None, "billing": billing}


def checked_payer(scope, payer):
    """PA8: the partner may pay only with full access; limited access always means the client pays."""
    if payer == "partner" and scope != "full":
        raise RuleViolation("PA8", "Only a link with full access can have the partner pay; "
                                   "with limited access the client pays.")
    return payer


def checked_end(ends_at, now):
    """PX1: None (no end) or an instant 1 day to 2 years from now."""
    if ends_at is not None and not (now + MIN_END <= ends_at <= now + MAX_END):
        raise RuleViolation("PX1", "A link's end date is 1 day to 2 years from now.")
    return ends_at


def request_expiry(sent_at):
    return sent_at + timedelta(days=REQUEST_DAYS)


def request_open(link, now):
    """PA4: a pending request past its expiry cannot be approved, even before the run expired it."""
    return link.status == "pending" and (link.request_expires_at is None or now < link.request_expires_at)


def products_within(link, products):
    """PA7: an assignment's products must be within a limited link's scope (None: all it grants)."""
    if products is None or link.scope != "limited":
        return []
    return sorted(set(products) - set(link.products or {}))


def warning_due(ends_at, now):
    """PX1: the warning (days before the end) due at `now`, the closest first; None if none."""
    left = ends_at - now
    due = [days for days in WARNING_DAYS if timedelta(0) < left <= timedelta(days=days)]
    return min(due) if due else None


def extended_end(ends_at, now):
    """PX1: the end after automatic extension by 180 days, until it lies in the future."""
    while ends_at <= now:
        ends_at += EXTENSION
    return ends_at
