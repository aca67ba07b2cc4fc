"""PA2: each partner's managed volume, kept incrementally.

A partner manages, for each ACTIVE link (ManagedLink, the state of the highest version of
partner's own `partner.link.*` events): with full scope every product of the client
organization, with limited scope the products listed in the link. Only products whose status
is `active` (ProductFact) count. What one product adds is its annualised net public price,
converted to the partner's currency at the configured rate (services.common.exchange,
EXCHANGE_RATES, rounded once with pricing.ROUNDING, the conversion recorded): one
VolumeContribution row per partner and product.

An event touches only what it can change: a product event the rows of that product, a link
event the rows of that partner and client. The rows are compared with what they should be
and the difference is added to `Standing.volume_minor` in the same transaction (an SQL
increment), so the figure always equals the sum of the rows without being recomputed.
`expected(partner)` computes the whole figure from scratch: only the monthly re-evaluation
(threshold_runs.py) uses it, to check and correct the increments."""
from services.common.clock import utcnow
from services.common.exchange import convert, rate_for
from services.common.money import Money
from services.common.pricing import ROUNDING

from . import products, threshold
from .models import KnownOrganization, ManagedLink, Partner, ProductFact, Standing, VolumeContribution
from .products import COUNTED
from .statements import add_returning, insert_row, rows

_settings = {"rates": None}


def configure(config):
    """The exchange rates (EXCHANGE_RATES) of the process: app and worker at start."""
    _settings["rates"] = config["EXCHANGE_RATES"]


# -- the use cases of the events (handlers.py), in the consumer's transaction ------------------

def product_event(data, occurred_at):
    """billing.product.*: the product's fact, the rows of the partners managing it, their status."""
    fact, new = products.record(data, occurred_at)
    if fact is None:
        return []
    moved = product_changed(fact, new)
    for partner, row in moved.items():
        _settle(partner, row)
    return list(moved)


def link_event(state):
    """partner.link.*: the link's state (highest version), the pair's rows, the partner's status."""
    if not record_link(state):
        return False
    delta, row = pair_changed(state["partner_organization_id"], state["client_organization_id"])
    if delta:
        _settle(state["partner_organization_id"], row)
    return True


def _settle(partner_id, row):
    """The status after a change of the figure: `row` is the Standing as the increment left it
    (its UPDATE holds the row until commit), so only a change that is due takes the lock."""
    now = utcnow()
    if row is None or threshold.due(row, now):
        threshold.settle(partner_id, now)


# -- the link states ------------------------------------------------------------------------

def record_link(state):
    """Keep a `partner.link.*` state (events.LinkState) when it is newer than the one known.
    True when recorded; an older or repeated event changes nothing."""
    values = {"version": state["version"], "partner_organization_id": state["partner_organization_id"],
              "client_organization_id": state["client_organization_id"], "status": state["status"],
              "scope": state["scope"], "products": state["products"], "updated_at": utcnow()}
    if ManagedLink.get_or_none(ManagedLink.link_id == state["link_id"]) is None:
        ManagedLink.create(link_id=state["link_id"], **values)
        return True
    return ManagedLink.update(**values).where((ManagedLink.link_id == state["link_id"])
                                              & (ManagedLink.version < state["version"])).execute() == 1


def manages(link, product_id):
    """Whether active `link` (a ManagedLink) covers the product `product_id` of its client."""
    return link.scope == "full" or str(product_id) in (link.products or {})


def _active_links(**where):
    return rows(ManagedLink, ("partner_organization_id", "client_organization_id", "scope", "products"),
                status="active", **where)


# -- what a product adds --------------------------------------------------------------------

_currencies = {}  # a partner's currency never changes once approved


def currency_of(partner_id):
    """The partner's currency: its Partner row's, else its organization's."""
    key = _key(partner_id)
    if key in _currencies:
        return _currencies[key]
    found = rows(Partner, ("currency",), organization_id=partner_id)
    if found:
        _currencies[key] = found[0].currency
        return found[0].currency
    known = KnownOrganization.get_or_none(KnownOrganization.organization_id == partner_id)
    return known.currency if known is not None else "CHF"


def contribution(fact, currency):
    """(amount_minor, conversion record or None): what `fact` adds to a volume in `currency`."""
    annual = Money(fact.annual_minor, fact.currency)
    if fact.currency == currency:
        return annual.minor, None
    if _settings["rates"] is None:
        threshold.ensure_configured()
    conversion = convert(annual, rate_for(_settings["rates"], fact.currency, currency), rounding=ROUNDING)
    return conversion.converted.minor, conversion.record()


def standing(partner_id):
    """The partner's Standing row, made (lapsed, volume 0: a new partner never reached the
    threshold) the first time it is needed."""
    row = Standing.get_or_none(Standing.partner_organization_id == partner_id)
    if row is None:
        Standing.insert(partner_organization_id=partner_id, currency=currency_of(partner_id), volume_minor=0,
                        status="lapsed", since=utcnow(), version=0).on_conflict_ignore().execute()
        row = Standing.get(Standing.partner_organization_id == partner_id)
    return row


STANDING_READ = ("partner_organization_id", "currency", "volume_minor", "status", "grace_ends_at", "tier",
                 "benefits_active", "ratecard_version")


def _apply(partner_id, wanted, present):
    """Make the partner's rows for the products of `present` ∪ `wanted` what `wanted` says
    ({product_id: (amount_minor, conversion, client_id)}); add the difference to its Standing.
    Returns (the difference in minor units, the Standing as it is now or None when unchanged)."""
    delta = 0
    for product_id in set(wanted) | set(present):
        row, target = present.get(product_id), wanted.get(product_id)
        key = ((VolumeContribution.partner_organization_id == partner_id)
               & (VolumeContribution.product_id == product_id))
        if target is None:
            VolumeContribution.delete().where(key).execute()
            delta -= row.amount_minor
        elif row is None:
            insert_row(VolumeContribution, partner_organization_id=partner_id, product_id=product_id,
                       client_organization_id=target[2], amount_minor=target[0], conversion=target[1])
            delta += target[0]
        elif (row.amount_minor, row.conversion, str(row.client_organization_id)) != (
                target[0], target[1], str(target[2])):
            VolumeContribution.update(amount_minor=target[0], conversion=target[1],
                                      client_organization_id=target[2], updated_at=utcnow()).where(key).execute()
            delta += target[0] - row.amount_minor
    if not delta:
        return 0, None
    row = add_returning(Standing, "volume_minor", delta, STANDING_READ, partner_organization_id=partner_id)
    if row is None:
        standing(partner_id)
        row = add_returning(Standing, "volume_minor", delta, STANDING_READ, partner_organization_id=partner_id)
    return delta, row


def _key(value):
    return str(value)


def product_changed(fact, new=False):
    """A product's fact changed (`new`: first known, so no partner has a row of it yet): the rows
    of that product, for every partner managing it now or before. Returns {partner: its
    Standing now} of the partners whose volume moved."""
    currency_cache = {}
    wanted = {}
    if fact.status == COUNTED:
        for link in _active_links(client_organization_id=fact.organization_id):
            if manages(link, fact.product_id):
                partner = _key(link.partner_organization_id)
                currency = currency_cache.setdefault(partner, currency_of(partner))
                wanted[partner] = contribution(fact, currency) + (fact.organization_id,)
    present = {} if new else {_key(row.partner_organization_id): row for row in rows(
        VolumeContribution, ("partner_organization_id", "client_organization_id", "amount_minor", "conversion"),
        product_id=fact.product_id)}
    moved = {}
    for partner in set(wanted) | set(present):
        product = _key(fact.product_id)
        delta, row = _apply(partner, {product: wanted[partner]} if partner in wanted else {},
                            {product: present[partner]} if partner in present else {})
        if delta:
            moved[partner] = row
    return moved


def wanted_for(partner_id, client_id, currency):
    """What the partner's rows for one client should be, from its active links and the client's
    active products: {product_id: (amount_minor, conversion, client_id)}."""
    links = _active_links(partner_organization_id=partner_id, client_organization_id=client_id)
    if not links:
        return {}
    facts = ProductFact.select().where((ProductFact.organization_id == client_id) & (ProductFact.status == COUNTED))
    return {_key(fact.product_id): contribution(fact, currency) + (client_id,) for fact in facts
            if any(manages(link, fact.product_id) for link in links)}


def pair_changed(partner_id, client_id):
    """A link between the partner and the client changed: that pair's rows. Returns (the
    difference, the Standing now or None)."""
    wanted = wanted_for(partner_id, client_id, currency_of(partner_id))
    present = {_key(row.product_id): row for row in VolumeContribution.select().where(
        (VolumeContribution.partner_organization_id == partner_id)
        & (VolumeContribution.client_organization_id == client_id))}
    return _apply(partner_id, wanted, present)


# -- the monthly check ----------------------------------------------------------------------

def expected(partner_id):
    """The partner's rows computed from scratch (ProductFact and ManagedLink):
    {product_id: (amount_minor, conversion, client_id)}."""
    currency = currency_of(partner_id)
    clients = {_key(link.client_organization_id) for link in _active_links(partner_organization_id=partner_id)}
    wanted = {}
    for client in sorted(clients):
        wanted.update(wanted_for(partner_id, client, currency))
    return wanted


def correct(partner_id):
    """Make the partner's rows and figure what they should be. Returns (figure before, expected
    figure): equal when the increments were right."""
    row = standing(partner_id)
    wanted = expected(partner_id)
    present = {_key(r.product_id): r for r in VolumeContribution.select().where(
        VolumeContribution.partner_organization_id == partner_id)}
    _apply(partner_id, wanted, present)
    right = sum(amount for amount, _conversion, _client in wanted.values())
    Standing.update(volume_minor=right).where(Standing.partner_organization_id == partner_id).execute()
    return row.volume_minor, right
