"""BI7: payment profiles, one default; BI13: without billing rights, 404."""
import uuid

from services.billing.models import PaymentProfile

from .payments_support import NO_RIGHTS, add_profile, billing, open_account, orgs, shop  # noqa: F401 - fixtures

VISA = {"method": "card", "card_number": "4242424242424242", "expires": "2030-12"}
MASTERCARD = {"method": "card", "card_number": "5555555555554444", "expires": "2031-01"}


def test_bi7_a_card_is_stored_as_the_providers_token_never_its_number(shop):
    response = shop.bea.call("post", f"{shop.base}/payment-profiles", VISA)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["method"] == "card" and body["brand"] == "visa" and body["label"] == "Visa •••• 4242"
    assert body["is_default"] is True and body["expires"] == "2030-12"
    assert "4242424242424242" not in response.get_data(as_text=True)
    stored = PaymentProfile.get_by_id(uuid.UUID(body["id"]))
    assert stored.provider_token.startswith("sbx_") and "4242424242424242" not in str(stored.__data__)
    listed = shop.bea.call("get", f"{shop.base}/payment-profiles")
    assert listed.status_code == 200 and "4242424242424242" not in listed.get_data(as_text=True)


def test_bi7_every_method_can_be_a_profile_and_the_first_is_the_default(shop):
    made = [add_profile(shop.bea, shop.base, **body) for body in (
        MASTERCARD, {"method": "postfinance", "account": "anna@postfinance.example"},
        {"method": "paypal", "account": "anna@example.ch"}, {"method": "twint", "account": "+41 79 123 45 67"},
        {"method": "iban", "iban": "CH93 0076 2011 6238 5295 7"})]
    assert [p["method"] for p in made] == ["card", "postfinance", "paypal", "twint", "iban"]
    assert made[0]["brand"] == "mastercard" and made[4]["label"] == "IBAN CH93 •••• 2957"
    assert made[1]["currency"] == "CHF"
    listed = shop.bea.call("get", f"{shop.base}/payment-profiles").get_json()
    assert [p["is_default"] for p in listed] == [True, False, False, False, False]


def test_bi7_postfinance_is_refused_for_a_eur_organization(shop, orgs, identity):
    from .orgs_support import Person
    from .payments_support import Payer

    euro = Person(orgs, identity, "franz@example.de")
    org = euro.create_org(name="Euro GmbH", currency="EUR")
    open_account(org, "EUR")
    payer = Payer(shop.app, identity, euro)
    response = payer.call("post", f"/v1/organizations/{org}/payment-profiles",
                          {"method": "postfinance", "account": "franz@postfinance.example"})
    assert response.status_code == 422 and response.get_json()["rule"] == "BI7"
    assert PaymentProfile.select().where(PaymentProfile.organization_id == org).count() == 0
    assert add_profile(payer, f"/v1/organizations/{org}", **VISA)["is_default"] is True


def test_bi7_only_visa_and_mastercard_cards_with_a_valid_number_and_expiry(shop):
    for card, expected in ((("378282246310005", "2030-12"), "Visa and Mastercard"),  # American Express
                           (("4242424242424241", "2030-12"), "check digit"),
                           (("4242424242424242", "2020-01"), "expired")):
        response = shop.bea.call("post", f"{shop.base}/payment-profiles",
                                 {"method": "card", "card_number": card[0], "expires": card[1]})
        assert response.status_code == 422 and response.get_json()["rule"] == "BI7", response.get_json()
        assert expected in response.get_json()["detail"]
    assert PaymentProfile.select().count() == 0


def test_bi7_switching_the_default_leaves_exactly_one(shop):
    first, second = add_profile(shop.bea, shop.base, **VISA), add_profile(shop.bea, shop.base, **MASTERCARD)
    assert second["is_default"] is False
    switched = shop.bea.call("put", f"{shop.base}/payment-profiles/{second['id']}/default")
    assert switched.status_code == 200 and switched.get_json()["is_default"] is True
    listed = shop.bea.call("get", f"{shop.base}/payment-profiles").get_json()
    assert [(p["id"], p["is_default"]) for p in listed] == [(first["id"], False), (second["id"], True)]


def test_bi7_deleting_the_default_makes_the_oldest_other_the_default(shop):
    first, second = add_profile(shop.bea, shop.base, **VISA), add_profile(shop.bea, shop.base, **MASTERCARD)
    assert shop.bea.call("delete", f"{shop.base}/payment-profiles/{first['id']}").status_code == 204
    listed = shop.bea.call("get", f"{shop.base}/payment-profiles").get_json()
    assert [(p["id"], p["is_default"]) for p in listed] == [(second["id"], True)]
    again = shop.bea.call("delete", f"{shop.base}/payment-profiles/{first['id']}")
    assert again.status_code == 404


def test_bi13_without_billing_rights_profiles_are_404_and_nothing_is_written(shop):
    profile = add_profile(shop.bea, shop.base, **VISA)
    for method, path, body in (("get", "/payment-profiles", None), ("post", "/payment-profiles", VISA),
                               ("put", f"/payment-profiles/{profile['id']}/default", None),
                               ("delete", f"/payment-profiles/{profile['id']}", None)):
        response = shop.carl.call(method, shop.base + path, body)
        assert response.status_code == 404, (method, path, response.get_json())
        assert response.get_json()["detail"] == NO_RIGHTS
    assert PaymentProfile.select().count() == 1 and PaymentProfile.get().removed_at is None


def test_bi13_another_organizations_profile_ids_are_404(shop):
    theirs = add_profile(shop.eve, shop.other_base, **VISA)
    for method, path in (("put", f"/payment-profiles/{theirs['id']}/default"),
                         ("delete", f"/payment-profiles/{theirs['id']}")):
        assert shop.bea.call(method, shop.base + path).status_code == 404
    assert PaymentProfile.get_by_id(uuid.UUID(theirs["id"])).removed_at is None


def test_bad_profile_input_answers_a_problem_and_writes_nothing(shop):
    for body in ({}, {"method": "cash"}, {"method": "card", "card_number": "4242"},
                 {"method": "card", "card_number": "4242424242424242"},  # no expiry
                 {**VISA, "account": "x@example.ch"}, {"method": "iban", "iban": "CH93 0076 2011 6238 5295 8"},
                 {"method": "paypal"}, {**VISA, "cvc": "123"}):
        response = shop.bea.call("post", f"{shop.base}/payment-profiles", body)
        assert response.status_code == 422 and response.mimetype == "application/problem+json", body
    assert shop.bea.call("post", f"{shop.base}/payment-profiles", data="{", content_type="application/json"
                         ).status_code == 400
    assert PaymentProfile.select().count() == 0
