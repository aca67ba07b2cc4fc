"""BI1, BI2: the product catalogue file, its checks, exact prices and volume tiers."""
import copy

import pytest
import yaml

from services.billing import app as billing_app
from services.billing import catalogue
from services.billing import worker as billing_worker
from services.common.money import Money

RAW = yaml.safe_load(catalogue.PACKAGED.read_text(encoding="utf-8"))


def broken(product_id, change):
    raw = copy.deepcopy(RAW)
    entry = next(p for p in raw["products"] if p["id"] == product_id)
    change(entry, raw)
    return raw


def refused(raw):
    with pytest.raises(catalogue.CatalogueError) as caught:
        catalogue.parse(raw, "catalogue.yaml")
    return str(caught.value)


def test_bi1_the_packaged_catalogue_validates_with_every_product_type():
    loaded = catalogue.load()
    assert loaded.version == RAW["version"]
    families = {p.family for p in loaded.products}
    assert set(catalogue.FAMILIES) <= families
    domains = {p.id for p in loaded.of_family("domain")}
    assert {"domain-ch", "domain-li", "domain-com", "domain-fr", "domain-de", "domain-eu"} <= domains
    assert all(p.vat_category == "standard" for p in loaded.products)


def test_bi1_prices_are_exact_money_in_chf_and_eur():
    ch = catalogue.load().get("domain-ch")
    assert ch.price(12, "CHF") == Money(950, "CHF") and ch.price(12, "EUR") == Money(900, "EUR")
    assert ch.price(12, "CHF", partner=True) == Money(790, "CHF")
    with pytest.raises(KeyError):
        ch.price(1, "CHF")


def test_bi2_renewal_ahead_ch_domains_ten_years_and_nas_without_warranty():
    loaded = catalogue.load()
    ch = loaded.get("domain-ch")
    assert ch.renewable and ch.max_periods == 10 and ch.prices[0].months == 12
    assert loaded.get("nas-synology").warranty is False  # BI4
    assert loaded.get("public-cloud").renewable is False and loaded.get("public-cloud").max_periods == 0


@pytest.mark.parametrize("units, chf, eur", [(1, 7500, 7000), (4, 7500, 7000), (5, 6750, 6300), (19, 6750, 6300),
                                             (20, 6000, 5600), (50, 5250, 4900), (1000, 5250, 4900)])
def test_bi1_web_hosting_volume_tiers_lower_the_unit_price(units, chf, eur):
    hosting = catalogue.load().get("web-hosting")
    assert hosting.unit_price(12, "CHF", units) == Money(chf, "CHF")
    assert hosting.unit_price(12, "EUR", units) == Money(eur, "EUR")
    assert hosting.unit_price(1, "CHF", 100) == Money(750, "CHF")  # tiers are for 12 months only


@pytest.mark.parametrize("product_id, change, field", [
    ("domain-fr", lambda p, _: p["prices"][0].pop("EUR"), "prices[0].EUR: missing"),
    ("kdrive", lambda p, _: p["prices"][1].update(CHF="0.00"), "prices[1].CHF: must be positive"),
    ("kdrive", lambda p, _: p["prices"][1].update(CHF="62.105"), "prices[1].CHF: 62.105 has more than 2 decimals"),
    ("ksuite", lambda p, _: p["prices"][0].update(EUR=4.7), "prices[0].EUR: Not a valid string"),
    ("domain-com", lambda p, _: p["partner_prices"][0].update(CHF="14.00"), "partner_prices[0].CHF: 14.00 CHF is above"),
    ("web-hosting", lambda p, _: p["tiers"][1].update(from_units=5), "tiers[1].from_units: tiers must ascend"),
    ("web-hosting", lambda p, _: p["tiers"][2].update(EUR="57.00"), "tiers[2].EUR: 57.00 EUR is above"),
    ("web-hosting", lambda p, _: p["tiers"][0].update(CHF="80.00"), "tiers[0].CHF: 80.00 CHF is above"),
    ("web-hosting", lambda p, _: p["tiers"][0].update(months=24), "tiers[0].months: no public price"),
    ("streaming", lambda p, _: p.update(family="radio"), "family: Must be one of"),
    ("ticketing", lambda p, _: p.update(colour="red"), "colour: Unknown field"),
    ("swiss-backup", lambda p, _: p["renewal"].pop("max_periods"), "renewal.max_periods: required when renewable"),
])
def test_bi1_a_broken_entry_is_refused_naming_the_entry_and_field(product_id, change, field):
    message = refused(broken(product_id, change))
    assert f"product {product_id!r}: {field}" in message, message


def test_bi1_ids_are_unique():
    raw = copy.deepcopy(RAW)
    raw["products"].append(copy.deepcopy(raw["products"][0]))
    assert "product 'domain-ch': id: appears twice" in refused(raw)


def test_bi1_a_bad_file_stops_billing_at_start_and_says_why(tmp_path):
    bad = tmp_path / "catalogue.yaml"
    bad.write_text(yaml.safe_dump(broken("domain-eu", lambda p, _: p["prices"][0].update(CHF="0.00"))))
    config = billing_app.make_config(VAR_DIR=str(tmp_path / "var"), CATALOGUE_FILE=str(bad),
                                      DATABASE_URL=f"sqlite:///{tmp_path}/billing.db", LOG_LEVEL="WARNING")
    with pytest.raises(catalogue.CatalogueError, match=r"product 'domain-eu': prices\[0\]\.CHF: must be positive"):
        billing_app.create_app(config)
    with pytest.raises(catalogue.CatalogueError, match="product 'domain-eu'"):
        billing_worker.main(config)  # before it connects to anything
    with pytest.raises(catalogue.CatalogueError, match="cannot be read"):
        catalogue.load(tmp_path / "missing.yaml")
