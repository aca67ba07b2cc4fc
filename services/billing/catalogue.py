"""The product catalogue (BI1, BI2): catalogue.yaml loaded, checked and held as Money.

`load(path)` reads the versioned data file, validates its shape with marshmallow (the
project's Strict base: an unknown or misspelt key is an error) and then cross-checks what a
schema cannot say: every price in every currency, positive amounts with at most the
currency's decimals, unique ids, tiers ascending with non-increasing prices, partner prices
not above public ones. Any mistake raises CatalogueError naming the entry and the field, so
billing's app and worker, which load it at start, stop and say why. No Flask here.
"""
from dataclasses import dataclass
from pathlib import Path

import yaml
from marshmallow import ValidationError, fields, validate

from services.common.money import CURRENCIES, Money
from services.common.pricing import FAMILIES  # noqa: F401  (shared with the partner rate card)
from services.common.schema import Strict

PACKAGED = Path(__file__).with_name("catalogue.yaml")
VAT_CATEGORIES = ("standard", "reduced", "accommodation", "exempt")  # codes; rates live in configuration
ID = r"^[a-z0-9][a-z0-9-]{0,62}$"
DECIMAL = r"^[0-9]+(\.[0-9]+)?$"


class CatalogueError(ValueError):
    """A catalogue file that cannot be used: the message names the file, the entry and the field."""


def _amounts():
    return {currency: fields.String(validate=validate.Regexp(DECIMAL, error="a decimal string such as '9.50'"))
            for currency in CURRENCIES}


PriceFile = Strict.from_dict({"months": fields.Integer(required=True, strict=True, validate=validate.Range(1, 120)),
                              **_amounts()}, name="PriceFile")
TierFile = Strict.from_dict({"from_units": fields.Integer(required=True, strict=True, validate=validate.Range(2)),
                             "months": fields.Integer(required=True, strict=True, validate=validate.Range(1, 120)),
                             **_amounts()}, name="TierFile")


class RenewalFile(Strict):
    renewable = fields.Boolean(required=True)
    max_periods = fields.Integer(strict=True, validate=validate.Range(1, 120))


class ProductFile(Strict):
    id = fields.String(required=True, validate=validate.Regexp(ID))
    family = fields.String(required=True, validate=validate.OneOf(FAMILIES))
    name = fields.String(required=True, validate=validate.Length(1, 100))
    vat_category = fields.String(required=True, validate=validate.OneOf(VAT_CATEGORIES))
    renewal = fields.Nested(RenewalFile, required=True)
    warranty = fields.Boolean(required=True)
    prices = fields.List(fields.Nested(PriceFile), required=True, validate=validate.Length(min=1))
    partner_prices = fields.List(fields.Nested(PriceFile), load_default=list)
    tiers = fields.List(fields.Nested(TierFile), load_default=list)


class CatalogueFile(Strict):
    version = fields.String(required=True, validate=validate.Length(1, 40))
    products = fields.List(fields.Nested(ProductFile), required=True, validate=validate.Length(min=1))


@dataclass(frozen=True)
class Price:
    months: int
    amounts: tuple  # one Money per currency, in CURRENCIES order

    def in_(self, currency):
        return next(m for m in self.amounts if m.currency == currency)


@dataclass(frozen=True)
class Tier:
    from_units: int
    months: int
    amounts: tuple

    in_ = Price.in_


@dataclass(frozen=True)
class ProductType:
    id: str
    family: str
    name: str
    vat_category: str
    renewable: bool
    max_periods: int  # periods payable at once (BI2); 0 when it cannot be renewed
    warranty: bool
    prices: tuple
    partner_prices: tuple = ()
    tiers: tuple = ()

    @property
    def renewal(self):
        return {"renewable": self.renewable, "max_periods": self.max_periods}

    def price(self, months, currency, partner=False):
        """The public (or partner) price of one period of `months`; KeyError if not offered."""
        for entry in self.partner_prices if partner else self.prices:
            if entry.months == months:
                return entry.in_(currency)
        raise KeyError(f"{self.id} has no {'partner ' if partner else ''}price for {months} months")

    def unit_price(self, months, currency, units=1):
        """The price of one unit for one period when `units` are bought: the last tier reached
        (degressive volume prices, web hosting), else the public price."""
        chosen = self.price(months, currency)
        for tier in self.tiers:
            if tier.months == months and units >= tier.from_units:
                chosen = tier.in_(currency)
        return chosen


@dataclass(frozen=True)
class Catalogue:
    version: str
    products: tuple

    def get(self, product_id):
        return next((p for p in self.products if p.id == product_id), None)

    def of_family(self, family):
        return [p for p in self.products if p.family == family]


def load(path=PACKAGED):
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CatalogueError(f"{path}: cannot be read: {error}") from None
    return parse(raw, str(path))


def parse(raw, source="catalogue"):
    """The Catalogue of `raw` (the YAML document as Python data), or CatalogueError."""
    if not isinstance(raw, dict):
        raise CatalogueError(f"{source}: not a mapping with 'version' and 'products'")
    try:
        data = CatalogueFile().load(raw)
    except ValidationError as error:
        raise CatalogueError(f"{source}: {_describe(error.messages, raw)}") from None
    products, seen = [], set()
    for entry in data["products"]:
        where = f"{source}: product {entry['id']!r}"
        if entry["id"] in seen:
            raise CatalogueError(f"{where}: id: appears twice (ids are unique)")
        seen.add(entry["id"])
        products.append(_product(entry, where))
    return Catalogue(data["version"], tuple(products))


def _product(entry, where):
    prices = _prices(entry["prices"], "prices", where)
    partner = _prices(entry["partner_prices"], "partner_prices", where)
    public = {p.months: p for p in prices}
    for index, price in enumerate(partner):
        if price.months not in public:
            raise CatalogueError(f"{where}: partner_prices[{index}].months: no public price for {price.months} months")
        for amount in price.amounts:
            if amount > public[price.months].in_(amount.currency):
                raise CatalogueError(f"{where}: partner_prices[{index}].{amount.currency}: {amount} is above "
                                     f"the public price {public[price.months].in_(amount.currency)}")
    tiers = []
    for index, tier in enumerate(entry["tiers"]):
        field = f"tiers[{index}]"
        amounts = _amounts_of(tier, field, where)
        if tier["months"] not in public:
            raise CatalogueError(f"{where}: {field}.months: no public price for {tier['months']} months")
        before = [t for t in tiers if t.months == tier["months"]]
        if before and tier["from_units"] <= before[-1].from_units:
            raise CatalogueError(f"{where}: {field}.from_units: tiers must ascend ({tier['from_units']} after "
                                 f"{before[-1].from_units})")
        previous = before[-1] if before else public[tier["months"]]
        for amount in amounts:
            if amount > previous.in_(amount.currency):
                raise CatalogueError(f"{where}: {field}.{amount.currency}: {amount} is above the price before it "
                                     f"({previous.in_(amount.currency)}); tier prices never increase")
        tiers.append(Tier(tier["from_units"], tier["months"], amounts))
    renewal = entry["renewal"]
    if renewal["renewable"] != ("max_periods" in renewal):
        raise CatalogueError(f"{where}: renewal.max_periods: required when renewable, and only then")
    return ProductType(id=entry["id"], family=entry["family"], name=entry["name"],
                       vat_category=entry["vat_category"], renewable=renewal["renewable"],
                       max_periods=renewal.get("max_periods", 0), warranty=entry["warranty"],
                       prices=prices, partner_prices=partner, tiers=tuple(tiers))


def _prices(entries, name, where):
    result, months = [], set()
    for index, entry in enumerate(entries):
        field = f"{name}[{index}]"
        if entry["months"] in months:
            raise CatalogueError(f"{where}: {field}.months: {entry['months']} months appears twice")
        months.add(entry["months"])
        result.append(Price(entry["months"], _amounts_of(entry, field, where)))
    return tuple(result)


def _amounts_of(entry, field, where):
    amounts = []
    for currency in CURRENCIES:
        if currency not in entry:
            raise CatalogueError(f"{where}: {field}.{currency}: missing (every price is in {', '.join(CURRENCIES)})")
        try:
            money = Money.of(entry[currency], currency)
        except ValueError as error:
            raise CatalogueError(f"{where}: {field}.{currency}: {error}") from None
        if money.minor <= 0:
            raise CatalogueError(f"{where}: {field}.{currency}: must be positive, not {money}")
        amounts.append(money)
    return tuple(amounts)


def _describe(messages, raw):
    """marshmallow's nested messages as 'product 'id': field.path: message' lines."""
    lines = []
    for path, message in _flatten(messages):
        if len(path) >= 2 and path[0] == "products" and isinstance(path[1], int):
            products = raw.get("products") or []
            entry = products[path[1]] if path[1] < len(products) else None
            name = entry.get("id") if isinstance(entry, dict) else None
            label = f"product {name!r}" if isinstance(name, str) else f"products[{path[1]}]"
            lines.append(f"{label}: {_dotted(path[2:]) or 'entry'}: {message}")
        else:
            lines.append(f"{_dotted(path)}: {message}")
    return "; ".join(lines)


def _flatten(messages, path=()):
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from _flatten(value, path + (key,))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        yield path, " ".join(messages)
    else:
        yield path, str(messages)


def _dotted(path):
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
