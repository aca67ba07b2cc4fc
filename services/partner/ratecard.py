"""The partner rate card (PA11): ratecard.yaml loaded, checked and held as exact values.

`load(path)` validates the file's shape with marshmallow (the Strict base: an unknown key is
an error), then what a schema cannot say: no rate above 35 % (MAX_PARTNER_RATE), only known
families and never domain names (they use the catalogue's partner prices), tiers in every
currency, ascending, the first one starting at the PA2 threshold. Any mistake raises
RateCardError naming the tier and field, so partner's app and worker stop and say why.

`RateCard.rate(family, volume)` is the partner rate of a family for a partner whose managed
volume (PA2) is `volume`: the last tier reached; None below the first tier or for a family
priced by the catalogue. No Flask, no peewee here.
"""
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import yaml
from marshmallow import ValidationError, fields, validate

from services.common.money import CURRENCIES, Money, exact
from services.common.pricing import CATALOGUE_PRICED, FAMILIES, MAX_PARTNER_RATE
from services.common.schema import Strict

PACKAGED = Path(__file__).with_name("ratecard.yaml")
DECIMAL = r"^[0-9]+(\.[0-9]+)?$"
# PA2: the yearly managed volume a partner must reach, in its own currency.
THRESHOLD = {"CHF": Money.of("2000.00", "CHF"), "EUR": Money.of("1800.00", "EUR")}


class RateCardError(ValueError):
    """A rate card that cannot be used: the message names the file, the tier and the field."""


def _decimal():
    return fields.String(validate=validate.Regexp(DECIMAL, error="a decimal string such as '10'"))


class TierFile(Strict):
    name = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_-]{0,30}$"))
    from_ = fields.Dict(keys=fields.String(validate=validate.OneOf(CURRENCIES)), values=_decimal(),
                        required=True, data_key="from")
    rates = fields.Dict(keys=fields.String(), values=_decimal(), required=True)


class RateCardFile(Strict):
    version = fields.String(required=True, validate=validate.Length(1, 40))
    tiers = fields.List(fields.Nested(TierFile), required=True, validate=validate.Length(min=1))


@dataclass(frozen=True)
class Tier:
    name: str
    starts: dict  # {currency: Money}
    rates: dict  # {family: Fraction percent}


@dataclass(frozen=True)
class RateCard:
    version: str
    tiers: tuple

    def tier(self, volume):
        """The tier a managed volume (Money) reaches, or None below the first."""
        reached = None
        for tier in self.tiers:
            if volume >= tier.starts[volume.currency]:
                reached = tier
        return reached

    def rate(self, family, volume):
        """The partner rate (a Fraction percentage) of `family` at `volume`, or None."""
        tier = self.tier(volume)
        if tier is None or family in CATALOGUE_PRICED:
            return None
        return tier.rates.get(family, Fraction(0))

    def rates(self, volume):
        """{family: "percent"} of the tier `volume` reaches ({} below the first): what the
        partner.benefits.changed event carries."""
        tier = self.tier(volume)
        return {} if tier is None else {family: percent_text(rate) for family, rate in tier.rates.items()}


def percent_text(rate):
    """A Fraction percentage as the decimal string it was written as ('12.5')."""
    whole, rest = divmod(rate.numerator, rate.denominator)
    if rest == 0:
        return str(whole)
    return str(Decimal(rate.numerator) / Decimal(rate.denominator))


def load(path=PACKAGED):
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RateCardError(f"{path}: cannot be read: {error}") from None
    return parse(raw, str(path))


def parse(raw, source="rate card"):
    if not isinstance(raw, dict):
        raise RateCardError(f"{source}: not a mapping with 'version' and 'tiers'")
    try:
        data = RateCardFile().load(raw)
    except ValidationError as error:
        raise RateCardError(f"{source}: {error.messages}") from None
    tiers = []
    for index, entry in enumerate(data["tiers"]):
        where = f"{source}: tier {entry['name']!r}"
        starts = {}
        for currency in CURRENCIES:
            if currency not in entry["from_"]:
                raise RateCardError(f"{where}: from.{currency}: missing (every tier starts in {', '.join(CURRENCIES)})")
            starts[currency] = Money.of(entry["from_"][currency], currency)
            if index == 0 and starts[currency] != THRESHOLD[currency]:
                raise RateCardError(f"{where}: from.{currency}: the first tier starts at the PA2 threshold "
                                    f"{THRESHOLD[currency]}, not {starts[currency]}")
            if tiers and starts[currency] <= tiers[-1].starts[currency]:
                raise RateCardError(f"{where}: from.{currency}: tiers must ascend")
        rates = {}
        for family, text in entry["rates"].items():
            if family in CATALOGUE_PRICED:
                raise RateCardError(f"{where}: rates.{family}: domain names get the catalogue's partner prices, "
                                    f"not a rate (PA11)")
            if family not in FAMILIES:
                raise RateCardError(f"{where}: rates.{family}: not a product family ({', '.join(FAMILIES)})")
            rate = exact(text)
            if rate > MAX_PARTNER_RATE:
                raise RateCardError(f"{where}: rates.{family}: {text} % is above the {MAX_PARTNER_RATE} % "
                                    f"maximum (PA11)")
            rates[family] = rate
        tiers.append(Tier(entry["name"], starts, rates))
    return RateCard(data["version"], tuple(tiers))
