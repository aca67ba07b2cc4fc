"""Switching automatic renewal (BI3) and the warranty (BI4) on many products at once, with the
real orgs answering the access check (OR14) over HTTP."""
import uuid
from datetime import date, datetime

import pytest

from services.billing import app as billing_app
from services.billing.models import Product
from services.orgs.models import DelegatedGrant
from tests.conftest import mint_user_token, service_config

from .billing_runs_support import card, product
from .conftest import trust_identity
from .orgs_support import Person, add_member
from .served import orgs, serve  # noqa: F401 - fixtures

TODAY = datetime(2026, 6, 1, 9, 0)


@pytest.fixture
def billing(tmp_path, databases, identity, orgs):  # noqa: F811 - the fixture imported above
    identity_server = serve(identity)
    config = service_config(billing_app, tmp_path, databases, "billing",
                            TOKEN_URL=f"http://127.0.0.1:{identity_server.server_port}/oauth/token")
    config["SERVICE_URLS"] = {**config["SERVICE_URLS"], "orgs": orgs["url"]}
    app = trust_identity(billing_app.create_app(config), identity)
    yield app
    identity_server.shutdown()
    app.extensions["database"].close()


@pytest.fixture
def anna(orgs, identity):  # noqa: F811
    person = Person(orgs["app"], identity, "anna@example.ch")
    person.org = person.create_org()
    return person


def put(app, identity, person, option, product_ids, enabled=True):
    token = mint_user_token(identity.config["VAR_DIR"], identity.config["ISSUER"], person.id, "openid billing",
                            ["billing"])
    return app.test_client().put(f"/v1/organizations/{person.org}/products/{option}",
                                 json={"product_ids": [str(p) for p in product_ids], "enabled": enabled},
                                 headers={"Authorization": f"Bearer {token}"})


def test_bi3_auto_renewal_switched_on_for_many_products_at_once_with_a_visa_default(billing, identity, anna, clock):
    clock.set(TODAY)
    card(anna.org)
    items = [product(anna.org, date(2027, 1, 1), name=f"p{n}.ch").id for n in range(3)]
    response = put(billing, identity, anna, "auto-renewal", items)
    assert response.status_code == 200, response.get_json()
    assert [p["auto_renew"] for p in response.get_json()] == [True] * 3
    assert response.get_json()[0]["price"] == {"amount": "9.50", "amount_minor": 950, "currency": "CHF"}
    assert put(billing, identity, anna, "auto-renewal", items[:2], enabled=False).status_code == 200
    assert [Product.get_by_id(p).auto_renew for p in items] == [False, False, True]


def test_bi3_auto_renewal_refused_within_14_days_of_expiry_and_the_whole_batch_with_it(billing, identity, anna, clock):
    clock.set(TODAY)
    card(anna.org, "mastercard")
    far, near = product(anna.org, date(2027, 1, 1)), product(anna.org, date(2026, 6, 15), name="near.ch")
    response = put(billing, identity, anna, "auto-renewal", [far.id, near.id])
    problem = response.get_json()
    assert response.status_code == 422 and problem["rule"] == "BI3" and problem["products"] == [str(near.id)]
    assert "near.ch" in problem["detail"] and "renew manually first" in problem["detail"]
    assert not Product.get_by_id(far.id).auto_renew  # all or nothing
    assert put(billing, identity, anna, "auto-renewal", [near.id], enabled=False).status_code == 200  # off: any time


def test_bi3_auto_renewal_refused_without_a_visa_or_mastercard_default_profile(billing, identity, anna, clock):
    clock.set(TODAY)
    card(anna.org, brand=None, method="paypal")
    item = product(anna.org, date(2027, 1, 1))
    response = put(billing, identity, anna, "auto-renewal", [item.id])
    assert response.status_code == 422 and response.get_json()["rule"] == "BI3"
    assert "Visa or MasterCard" in response.get_json()["detail"]


def test_bi4_warranty_on_many_products_but_never_for_nas_synology(billing, identity, anna, clock):
    clock.set(TODAY)
    domain, hosting = product(anna.org, date(2027, 1, 1)), product(anna.org, date(2027, 1, 1), type="web-hosting",
                                                                   family="hosting", name="site")
    nas = product(anna.org, date(2027, 1, 1), type="nas-synology", family="nas", name="nas")
    assert put(billing, identity, anna, "warranty", [domain.id, hosting.id]).status_code == 200
    refused = put(billing, identity, anna, "warranty", [domain.id, nas.id], enabled=True)
    assert refused.status_code == 422 and refused.get_json()["rule"] == "BI4"
    assert refused.get_json()["products"] == [str(nas.id)]
    assert [p.warranty for p in Product.select().order_by(Product.name)] == [True, False, True]
    assert put(billing, identity, anna, "warranty", [domain.id], enabled=False).status_code == 200


def test_or14_a_product_the_caller_may_not_read_is_absent_and_one_only_readable_is_forbidden(
        billing, identity, anna, orgs, clock):  # noqa: F811
    clock.set(TODAY)
    item, other = product(anna.org, date(2027, 1, 1)), product(anna.org, date(2027, 1, 1), name="other.ch")
    carl = Person(orgs["app"], identity, "carl@example.ch")
    add_member(anna.org, carl, product_ids=[str(item.id)])
    carl.org = anna.org
    assert put(billing, identity, carl, "warranty", [item.id]).status_code == 200
    assert put(billing, identity, carl, "warranty", [item.id, other.id]).status_code == 404
    stranger = Person(orgs["app"], identity, "eve@example.ch")
    stranger.org = anna.org
    assert put(billing, identity, stranger, "auto-renewal", [item.id]).status_code == 404
    assert put(billing, identity, anna, "warranty", [uuid.uuid4()]).status_code == 404
    # A partner's staff with statistics rights only may read the product, not manage it.
    partner = Person(orgs["app"], identity, "pat@partner.ch")
    partner_org = partner.create_org(name="Partner SA")
    DelegatedGrant.create(partner_organization_id=partner_org, client_organization_id=anna.org, scope="limited",
                          products={str(other.id): {"technical": False, "statistics": True}})
    partner.org = anna.org
    assert put(billing, identity, partner, "warranty", [other.id]).status_code == 403
    assert Product.get_by_id(other.id).warranty is False
