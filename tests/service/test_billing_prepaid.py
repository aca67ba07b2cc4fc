"""BI8: the prepaid account over HTTP: deposits from 0.10 to 9,999.00 through a profile (3-D
Secure too), withdrawals to a valid IBAN up to the balance, the ledger; BI13: 404 without rights."""
import json
import uuid

from services.billing import prepaid
from services.billing.models import BillingAccount, OutboxEvent, Payment, PrepaidEntry
from services.common.money import Money

from .payments_support import NO_RIGHTS, add_profile, billing, deposit, open_account, orgs, shop  # noqa: F401 - fixtures

IBAN = "CH93 0076 2011 6238 5295 7"


def chf(amount):
    return {"amount": amount, "currency": "CHF"}


def balance(shop):
    return prepaid.account(uuid.UUID(shop.org)).prepaid_balance


def test_bi8_a_deposit_from_0_10_to_9999_00_is_credited(shop):
    card = add_profile(shop.bea, shop.base)
    for amount in ("0.10", "9999.00"):
        response = deposit(shop.bea, shop.base, amount, card["id"])
        assert response.status_code == 201, response.get_json()
        body = response.get_json()
        assert body["status"] == "succeeded" and body["payment"]["purpose"] == "deposit"
    assert body["balance"] == {"amount": "9999.10", "amount_minor": 999910, "currency": "CHF"}
    credited = [json.loads(e.envelope)["data"] for e in OutboxEvent.select().where(
        OutboxEvent.type == "billing.prepaid.credited").order_by(OutboxEvent.seq)]
    assert [(c["kind"], c["amount_minor"], c["balance_minor"]) for c in credited] == [
        ("deposit", 10, 10), ("deposit", 999900, 999910)]


def test_bi8_a_deposit_outside_0_10_to_9999_00_or_in_another_currency_is_refused(shop):
    card = add_profile(shop.bea, shop.base)
    for amount in ({"amount": "0.09", "currency": "CHF"}, {"amount": "9999.01", "currency": "CHF"},
                   {"amount": "0", "currency": "CHF"}, {"amount": "-5.00", "currency": "CHF"},
                   {"amount": "50.00", "currency": "EUR"}):
        response = shop.bea.call("post", f"{shop.base}/prepaid/deposits", {"amount": amount, "profile_id": card["id"]})
        assert response.status_code == 422 and response.get_json()["rule"] == "BI8", (amount, response.get_json())
    assert Payment.select().count() == 0 and PrepaidEntry.select().count() == 0
    assert balance(shop) == Money.zero("CHF")


def test_bi8_a_deposit_through_3d_secure_is_credited_on_the_callback_once(shop):
    card = add_profile(shop.bea, shop.base, method="card", card_number="5200000000001096", expires="2030-12")
    body = deposit(shop.bea, shop.base, "25.00", card["id"]).get_json()
    assert body["status"] == "requires_action" and body["balance"]["amount"] == "0.00"
    path = body["action_url"].removeprefix("http://billing.test")
    browser = shop.app.test_client()
    assert browser.post(path, data={"outcome": "approve"}).status_code == 200
    assert browser.post(path, data={"outcome": "approve"}).status_code == 200
    assert balance(shop) == Money.of("25.00", "CHF") and PrepaidEntry.select().count() == 1
    assert shop.bea.call("get", f"{shop.base}/payments/{body['payment']['id']}").get_json()["status"] == "succeeded"


def test_bi8_a_declined_deposit_credits_nothing(shop):
    card = add_profile(shop.bea, shop.base, method="paypal", account="decline@example.ch")
    body = deposit(shop.bea, shop.base, "25.00", card["id"]).get_json()
    assert body["status"] == "failed" and body["payment"]["failure"] == "card_declined"
    assert balance(shop) == Money.zero("CHF") and PrepaidEntry.select().count() == 0


def test_bi8_a_withdrawal_goes_to_a_valid_iban_and_never_above_the_balance(shop):
    card = add_profile(shop.bea, shop.base)
    deposit(shop.bea, shop.base, "30.00", card["id"])
    too_much = shop.bea.call("post", f"{shop.base}/prepaid/withdrawals", {"amount": chf("30.01"), "iban": IBAN})
    assert too_much.status_code == 422 and too_much.get_json()["rule"] == "BI8"
    bad_iban = shop.bea.call("post", f"{shop.base}/prepaid/withdrawals",
                             {"amount": chf("10.00"), "iban": "CH93 0076 2011 6238 5295 8"})
    assert bad_iban.status_code == 422 and "iban" in bad_iban.get_json()["errors"]
    response = shop.bea.call("post", f"{shop.base}/prepaid/withdrawals", {"amount": chf("30.00"), "iban": IBAN})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["balance"]["amount"] == "0.00" and body["iban"] == "CH93 •••• 2957"
    assert body["payment"]["purpose"] == "withdrawal" and body["payment"]["status"] == "succeeded"
    assert prepaid.ledger_sum(uuid.UUID(shop.org)) == 0


def test_bi8_the_ledger_lists_every_movement_and_sums_to_the_balance(shop):
    card = add_profile(shop.bea, shop.base)
    for amount in ("10.00", "20.00", "5.50"):
        deposit(shop.bea, shop.base, amount, card["id"])
    shop.bea.call("post", f"{shop.base}/prepaid/withdrawals", {"amount": chf("7.25"), "iban": IBAN})
    body = shop.bea.call("get", f"{shop.base}/prepaid").get_json()
    assert body["balance"]["amount"] == "28.25" and body["next_cursor"] is None
    assert sorted(e["amount"]["amount_minor"] for e in body["items"]) == [-725, 550, 1000, 2000]
    assert sum(e["amount"]["amount_minor"] for e in body["items"]) == body["balance"]["amount_minor"]


def test_bi8_the_ledger_is_paged(shop):
    org = uuid.UUID(shop.org)
    for n in range(55):
        prepaid.credit(org, Money.of("1.00", "CHF"), "credit", f"cashback-{n}")
    first = shop.bea.call("get", f"{shop.base}/prepaid").get_json()
    assert len(first["items"]) == 50 and first["next_cursor"] == "50"
    second = shop.bea.call("get", f"{shop.base}/prepaid?cursor=50").get_json()
    assert len(second["items"]) == 5 and second["next_cursor"] is None
    assert {e["id"] for e in first["items"]}.isdisjoint(e["id"] for e in second["items"])
    assert shop.bea.call("get", f"{shop.base}/prepaid?cursor=x").status_code == 422


def test_bi8_credit_is_idempotent_by_reference(shop):
    org = uuid.UUID(shop.org)
    first = prepaid.credit(org, Money.of("3.50", "CHF"), "credit", "cashback-2026-03")
    again = prepaid.credit(org, Money.of("3.50", "CHF"), "credit", "cashback-2026-03")
    assert first.id == again.id and balance(shop) == Money.of("3.50", "CHF")
    assert OutboxEvent.select().where(OutboxEvent.type == "billing.prepaid.credited").count() == 1


def test_bi13_without_billing_rights_the_prepaid_account_is_404(shop):
    card = add_profile(shop.bea, shop.base)
    for method, path, body in (("get", "/prepaid", None),
                               ("post", "/prepaid/deposits", {"amount": chf("5.00"), "profile_id": card["id"]}),
                               ("post", "/prepaid/withdrawals", {"amount": chf("5.00"), "iban": IBAN})):
        response = shop.carl.call(method, shop.base + path, body)
        assert response.status_code == 404 and response.get_json()["detail"] == NO_RIGHTS, path
    assert PrepaidEntry.select().count() == 0


def test_bi13_another_organizations_profile_cannot_fund_a_deposit(shop):
    theirs = add_profile(shop.eve, shop.other_base)
    response = deposit(shop.bea, shop.base, "5.00", theirs["id"])
    assert response.status_code == 404 and PrepaidEntry.select().count() == 0


def test_bad_prepaid_input_answers_a_problem_and_writes_nothing(shop):
    card = add_profile(shop.bea, shop.base)
    for path, body in (("/prepaid/deposits", {"amount": chf("5.00")}),
                       ("/prepaid/deposits", {"amount": "5", "profile_id": card["id"]}),
                       ("/prepaid/deposits", {"amount": chf("5.001"), "profile_id": card["id"]}),
                       ("/prepaid/withdrawals", {"amount": chf("5.00")}),
                       ("/prepaid/withdrawals", {"amount": chf("5.00"), "iban": "not an iban"}),
                       ("/prepaid/withdrawals", {"amount": chf("0.00"), "iban": IBAN})):
        response = shop.bea.call("post", shop.base + path, body)
        assert response.status_code == 422 and response.mimetype == "application/problem+json", (path, body)
    assert PrepaidEntry.select().count() == 0 and Payment.select().count() == 0


def test_bi8_an_organization_without_a_billing_account_is_404(shop, orgs, identity):  # noqa: F811
    from .orgs_support import Person
    from .payments_support import Payer

    late = Person(orgs, identity, "late@example.ch")
    org = late.create_org(name="Late AG")
    response = Payer(shop.app, identity, late).call("get", f"/v1/organizations/{org}/prepaid")
    assert response.status_code == 404
    open_account(org, "CHF")
    assert BillingAccount.select().count() == 3
