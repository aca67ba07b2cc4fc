"""Paying an invoice (BI7, BI8, BI13): prepaid for all or part, a profile for the rest, 3-D
Secure through the sandbox's page and callback, a pro-forma issued when paid, paid once."""
import json
import re
import uuid

import pytest

from services.billing.models import Invoice, OutboxEvent, Payment, PrepaidEntry
from services.billing import prepaid
from services.common.money import Money

from .payments_support import NO_RIGHTS, add_profile, billing, deposit, invoice, orgs, shop  # noqa: F401 - fixtures

CHALLENGE = {"method": "card", "card_number": "4000000000003220", "expires": "2030-12"}
DECLINED = {"method": "card", "card_number": "4000000000000002", "expires": "2030-12"}


def chf(amount):
    return {"amount": amount, "currency": "CHF"}


def events(kind):
    return [json.loads(e.envelope)["data"] for e in OutboxEvent.select().where(OutboxEvent.type == kind)
            .order_by(OutboxEvent.seq)]


def pay(shop, bill, body=None, payer=None, key=None):
    return (payer or shop.bea).call("post", f"{shop.base}/invoices/{bill.id}/payments", body or {}, key=key)


def fund(shop, amount):
    card = add_profile(shop.bea, shop.base)
    assert deposit(shop.bea, shop.base, amount, card["id"]).status_code == 201
    return card


def test_bi7_the_default_card_pays_an_issued_invoice_once(shop):
    bill = invoice(shop.app, shop.org)  # 100.00 + 8.10 VAT
    add_profile(shop.bea, shop.base)
    response = pay(shop, bill)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "succeeded" and body["action_url"] is None
    assert body["invoice"]["status"] == "paid" and body["invoice"]["paid"]["amount"] == "108.10"
    assert [(p["method"], p["amount"]["amount"]) for p in body["payments"]] == [("card", "108.10")]
    paid = events("billing.invoice.paid")
    assert len(paid) == 1 and paid[0]["methods"] == ["card"] and paid[0]["total_minor"] == 10810
    again = pay(shop, bill)
    assert again.status_code == 409 and Payment.select().count() == 1


def test_bi8_prepaid_pays_part_and_the_card_the_rest(shop):
    fund(shop, "50.00")
    bill = invoice(shop.app, shop.org)
    body = pay(shop, bill, {"prepaid_amount": chf("40.00")}).get_json()
    assert body["status"] == "succeeded" and body["invoice"]["status"] == "paid"
    assert sorted((p["method"], p["amount"]["amount"]) for p in body["payments"]) == [
        ("card", "68.10"), ("prepaid", "40.00")]
    assert prepaid.account(uuid.UUID(shop.org)).prepaid_balance == Money.of("10.00", "CHF")
    assert events("billing.invoice.paid")[0]["methods"] == ["card", "prepaid"]
    assert events("billing.prepaid.debited")[0]["amount_minor"] == 4000


def test_bi8_prepaid_pays_in_full_without_any_profile(shop):
    fund(shop, "200.00")
    Payment.delete().execute()  # the deposit's card payment is not this invoice's business
    bill = invoice(shop.app, shop.org)
    body = pay(shop, bill, {"prepaid_amount": chf("108.10")}).get_json()
    assert body["status"] == "succeeded" and [p["method"] for p in body["payments"]] == ["prepaid"]
    assert prepaid.ledger_sum(uuid.UUID(shop.org)) == 20000 - 10810


def test_bi8_more_prepaid_than_the_balance_or_than_due_is_refused_and_writes_nothing(shop):
    fund(shop, "50.00")
    bill = invoice(shop.app, shop.org)
    before = (Payment.select().count(), PrepaidEntry.select().count(), OutboxEvent.select().count())
    for amount in ("60.00", "200.00", "-1.00"):
        response = pay(shop, bill, {"prepaid_amount": chf(amount)})
        assert response.status_code == 422 and response.get_json()["rule"] == "BI8", response.get_json()
    eur = pay(shop, bill, {"prepaid_amount": {"amount": "10.00", "currency": "EUR"}})
    assert eur.status_code == 422 and eur.get_json()["rule"] == "BI8"
    assert (Payment.select().count(), PrepaidEntry.select().count(), OutboxEvent.select().count()) == before
    assert Invoice.get_by_id(bill.id).status == "issued"


def test_bi8_the_rest_needs_a_profile(shop):
    bill = invoice(shop.app, shop.org)
    response = pay(shop, bill)
    assert response.status_code == 422 and response.get_json()["rule"] == "BI8"


def test_bi7_a_declined_card_takes_no_prepaid_and_leaves_the_invoice_open(shop):
    fund(shop, "50.00")
    declined = add_profile(shop.bea, shop.base, **DECLINED)
    bill = invoice(shop.app, shop.org)
    response = pay(shop, bill, {"prepaid_amount": chf("40.00"), "profile_id": declined["id"]})
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "failed" and body["invoice"]["status"] == "issued"
    assert [(p["method"], p["status"], p["failure"]) for p in body["payments"]] == [("card", "failed", "card_declined")]
    assert prepaid.account(uuid.UUID(shop.org)).prepaid_balance == Money.of("50.00", "CHF")
    assert events("billing.prepaid.debited") == [] and events("billing.invoice.paid") == []


def test_bi7_3d_secure_then_the_callback_pays_and_a_second_callback_changes_nothing(shop):
    fund(shop, "50.00")
    challenge = add_profile(shop.bea, shop.base, **CHALLENGE)
    bill = invoice(shop.app, shop.org)
    body = pay(shop, bill, {"prepaid_amount": chf("8.10"), "profile_id": challenge["id"]}).get_json()
    assert body["status"] == "requires_action" and body["invoice"]["status"] == "issued"
    assert body["action_url"].startswith("http://billing.test/v1/payment-provider/sandbox/3ds/")
    assert prepaid.account(uuid.UUID(shop.org)).prepaid_balance == Money.of("41.90", "CHF")  # held meanwhile
    path = body["action_url"].removeprefix("http://billing.test")
    browser = shop.app.test_client()
    page = browser.get(path)
    assert page.status_code == 200 and "100.00 CHF" in page.get_data(as_text=True)
    assert pay(shop, bill).status_code == 409  # the challenge is still open
    done = browser.post(path, data={"outcome": "approve"})
    assert done.status_code == 200 and "succeeded" in done.get_data(as_text=True)
    assert Invoice.get_by_id(bill.id).status == "paid" and Invoice.get_by_id(bill.id).paid_minor == 10810
    assert browser.post(path, data={"outcome": "fail"}).status_code == 200
    assert Invoice.get_by_id(bill.id).paid_minor == 10810 and len(events("billing.invoice.paid")) == 1
    assert sorted(p.status for p in Payment.select().where(Payment.invoice_id == bill.id)) == ["succeeded"] * 2
    card = shop.bea.call("get", f"{shop.base}/payments/{body['payments'][1]['id']}").get_json()
    assert card["status"] == "succeeded" and card["method"] == "card"


def test_bi7_a_failed_challenge_gives_the_prepaid_part_back(shop):
    fund(shop, "50.00")
    challenge = add_profile(shop.bea, shop.base, **CHALLENGE)
    bill = invoice(shop.app, shop.org)
    body = pay(shop, bill, {"prepaid_amount": chf("8.10"), "profile_id": challenge["id"]}).get_json()
    path = body["action_url"].removeprefix("http://billing.test")
    assert "failed" in shop.app.test_client().post(path, data={"outcome": "fail"}).get_data(as_text=True)
    assert prepaid.account(uuid.UUID(shop.org)).prepaid_balance == Money.of("50.00", "CHF")
    assert prepaid.ledger_sum(uuid.UUID(shop.org)) == 5000
    assert Invoice.get_by_id(bill.id).status == "issued" and Invoice.get_by_id(bill.id).paid_minor == 0
    assert pay(shop, bill, {"prepaid_amount": chf("50.00"), "profile_id": add_profile(shop.bea, shop.base)["id"]}
               ).get_json()["status"] == "succeeded"


def test_bi7_an_unanswered_challenge_lapses_after_30_minutes(shop, clock):
    from datetime import datetime, timedelta

    clock.set(datetime(2026, 3, 2, 9, 0))
    challenge = add_profile(shop.bea, shop.base, **CHALLENGE)
    bill = invoice(shop.app, shop.org)
    assert pay(shop, bill).get_json()["status"] == "requires_action"
    clock.set(datetime(2026, 3, 2, 9, 0) + timedelta(minutes=31))
    shop.bea.call("put", f"{shop.base}/payment-profiles/{add_profile(shop.bea, shop.base)['id']}/default")
    assert pay(shop, bill).get_json()["status"] == "succeeded"
    lapsed = Payment.get(Payment.profile_id == uuid.UUID(challenge["id"]))
    assert lapsed.status == "failed" and lapsed.failure == "action_expired"


def test_bi7_paying_a_pro_forma_issues_it_then_marks_it_paid(shop):
    add_profile(shop.bea, shop.base)
    draft = invoice(shop.app, shop.org, issued=False)
    body = pay(shop, draft).get_json()
    assert body["status"] == "succeeded" and body["invoice"]["status"] == "paid"
    assert re.fullmatch(r"INV-\d{4}-\d{6}", body["invoice"]["number"])
    issued, paid = events("billing.invoice.issued"), events("billing.invoice.paid")
    assert len(issued) == len(paid) == 1 and issued[0]["number"] == paid[0]["number"]
    assert issued[0]["ordered_by"]["account_id"] == shop.bea.id
    assert issued[0]["lines"][0]["family"] == "hosting"


def test_bi7_an_iban_profile_does_not_pay_through_the_provider(shop):
    iban = add_profile(shop.bea, shop.base, method="iban", iban="CH93 0076 2011 6238 5295 7")
    response = pay(shop, invoice(shop.app, shop.org), {"profile_id": iban["id"]})
    assert response.status_code == 422 and response.get_json()["rule"] == "BI7"
    assert Payment.select().count() == 0


@pytest.mark.parametrize("who", ["carl", "anna"])
def test_bi13_only_members_allowed_billing_manage_pay(shop, who):
    add_profile(shop.bea, shop.base)
    bill = invoice(shop.app, shop.org)
    response = pay(shop, bill, payer=getattr(shop, who))
    if who == "carl":  # no billing rights: the invoice does not exist for him
        assert response.status_code == 404 and response.get_json()["detail"] == NO_RIGHTS
        assert Payment.select().count() == 0 and Invoice.get_by_id(bill.id).status == "issued"
    else:  # the legal representative holds billing rights
        assert response.status_code == 201


def test_bi13_another_organizations_invoice_and_payment_ids_are_404(shop):
    add_profile(shop.eve, shop.other_base)
    theirs = invoice(shop.app, shop.other)
    paid = shop.eve.call("post", f"{shop.other_base}/invoices/{theirs.id}/payments", {})
    assert paid.status_code == 201, paid.get_json()
    payment = paid.get_json()["payments"][0]
    add_profile(shop.bea, shop.base)
    assert shop.bea.call("post", f"{shop.base}/invoices/{theirs.id}/payments", {}).status_code == 404
    assert shop.bea.call("get", f"{shop.base}/payments/{payment['id']}").status_code == 404
    assert shop.bea.call("get", f"{shop.base}/payments/{uuid.uuid4()}").status_code == 404


def test_bad_payment_input_answers_a_problem_and_writes_nothing(shop):
    add_profile(shop.bea, shop.base)
    bill = invoice(shop.app, shop.org)
    for body in ({"prepaid_amount": "10"}, {"prepaid_amount": chf("1.001")}, {"profile_id": "card"},
                 {"profile_id": str(uuid.uuid4())}, {"tip": chf("1.00")}):
        response = pay(shop, bill, body)
        assert response.status_code in (404, 422) and response.mimetype == "application/problem+json", body
    assert Payment.select().count() == 0 and Invoice.get_by_id(bill.id).status == "issued"
    assert shop.app.test_client().get("/v1/payment-provider/sandbox/3ds/nothing").status_code == 404
    assert shop.app.test_client().post("/v1/payment-provider/sandbox/3ds/x", data={"outcome": "maybe"}
                                       ).status_code == 422


def test_bi7_what_a_credit_note_took_off_is_not_charged(shop):
    add_profile(shop.bea, shop.base)
    bill = invoice(shop.app, shop.org)
    Invoice.update(credited_minor=1000).where(Invoice.id == bill.id).execute()  # a credit note of 10.00
    body = pay(shop, bill).get_json()
    assert body["invoice"]["status"] == "paid" and [p["amount"]["amount"] for p in body["payments"]] == ["98.10"]


def test_bi3_an_automatic_charge_pays_with_the_profile_and_a_3d_secure_card_fails(shop):
    from services.billing import payments, profiles

    provider = shop.app.extensions["payment_provider"]
    org = uuid.UUID(shop.org)
    visa = profiles.create(org, provider, "card", card_number="4242424242424242", expires="2030-12")
    challenge = profiles.create(org, provider, "card", card_number="4000000000003220", expires="2030-12")
    first, second = invoice(shop.app, shop.org, issued=False), invoice(shop.app, shop.org)
    assert payments.charge_invoice(first, visa, provider) == "succeeded"
    assert Invoice.get_by_id(first.id).status == "paid" and Invoice.get_by_id(first.id).number
    assert payments.charge_invoice(first, visa, provider) == "succeeded"  # paid already: nothing charged
    assert payments.charge_invoice(second, challenge, provider) == "failed"
    failed = Payment.get(Payment.invoice_id == second.id)
    assert (failed.status, failed.failure) == ("failed", "authentication_required")
    assert Payment.select().where(Payment.invoice_id == first.id).count() == 1
