"""BI1, BI2: GET /v1/catalogue, public like a price list, amounts in the one Money shape."""
import pytest

from services.billing import app as billing_app
from tests.conftest import service_config


@pytest.fixture
def billing(tmp_path, databases):
    app = billing_app.create_app(service_config(billing_app, tmp_path, databases, "billing"))
    yield app
    app.extensions["database"].close()


def test_bi1_the_catalogue_is_served_without_a_token(billing):
    response = billing.test_client().get("/v1/catalogue")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["version"] == billing.extensions["catalogue"].version
    ch = next(p for p in body["products"] if p["id"] == "domain-ch")
    assert ch["family"] == "domain" and ch["vat_category"] == "standard" and ch["warranty"] is True
    assert ch["renewal"] == {"renewable": True, "max_periods": 10}
    assert ch["prices"] == [{"months": 12, "amounts": [{"amount": "9.50", "amount_minor": 950, "currency": "CHF"},
                                                        {"amount": "9.00", "amount_minor": 900, "currency": "EUR"}]}]
    assert ch["partner_prices"][0]["amounts"][0] == {"amount": "7.90", "amount_minor": 790, "currency": "CHF"}
    nas = next(p for p in body["products"] if p["id"] == "nas-synology")
    assert nas["warranty"] is False and nas["tiers"] == []


def test_bi1_the_catalogue_filters_by_family_and_refuses_an_unknown_one(billing):
    client = billing.test_client()
    hosting = client.get("/v1/catalogue?family=hosting").get_json()["products"]
    assert [p["id"] for p in hosting] == ["web-hosting"]
    assert [t["from_units"] for t in hosting[0]["tiers"]] == [5, 20, 50]
    assert hosting[0]["tiers"][1]["amounts"][1] == {"amount": "56.00", "amount_minor": 5600, "currency": "EUR"}
    unknown = client.get("/v1/catalogue?family=radio")
    assert unknown.status_code == 422 and unknown.mimetype == "application/problem+json"


def test_bi1_the_catalogue_is_documented_as_public(billing):
    operation = billing.test_client().get("/openapi.json").get_json()["paths"]["/v1/catalogue"]["get"]
    assert not operation.get("security") and "200" in operation["responses"]
