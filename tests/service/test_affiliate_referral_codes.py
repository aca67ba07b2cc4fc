"""PA15: the referral code travels with identity's sign-up (identity.account.registered) and with
billing's orders (Order.referral_code, billing.invoice.issued); only its shape is checked there."""
import json

from services.billing.models import Invoice, Order, OutboxEvent as BillingOutbox
from services.identity.models import OutboxEvent as IdentityOutbox
from tests.service.identity_helpers import PASSWORD, csrf, person

from .billing_orders_support import domain, order_with, pay, place
from .billing_served import billing, orgs  # noqa: F401 - fixtures

CODE = "AB23CD45"


def emitted(model, kind):
    return [json.loads(e.envelope)["data"] for e in model.select().where(model.type == kind).order_by(model.seq)]


def test_pa15_a_sign_up_passes_its_referral_code_on_and_a_malformed_one_is_422(identity_client, smtp_server):
    for bad in ("ab23cd45", "AB23CD4", "AB23CD450", "IO01IO01", 12345678):
        refused = identity_client.post("/v1/accounts", json=person(f"bad{len(str(bad))}@example.ch",
                                                                   referral_code=bad))
        assert refused.status_code == 422 and "referral_code" in json.dumps(refused.get_json()), bad
    assert identity_client.post("/v1/accounts", json=person(referral_code=CODE)).status_code == 201
    assert identity_client.post("/v1/accounts", json=person("no.code@example.ch")).status_code == 201
    codes = [e["referral_code"] for e in emitted(IdentityOutbox, "identity.account.registered")]
    assert codes == [CODE, None]


def test_pa15_an_orders_referral_code_is_kept_and_sent_with_its_invoice(billing):  # noqa: F811
    team = billing.team()
    refused = team.legal.post(f"{team.base}/orders", {"referral_code": "nope"})
    assert refused.status_code == 422
    created = team.legal.post(f"{team.base}/orders", {"referral_code": CODE})
    assert created.status_code == 201 and created.get_json()["referral_code"] == CODE
    order = created.get_json()
    assert team.legal.post(f"{team.base}/orders/{order['id']}/items", domain()).status_code == 201
    placed = place(team.legal, team.org, order["id"])
    plain = order_with(team.legal, team.org, domain("other.ch"))
    place(team.legal, team.org, plain["id"])
    for one in (placed, plain):
        pay(Order.get_by_id(one["id"]).invoice_id)
    assert Invoice.select().where(Invoice.status == "paid").count() == 2
    issued = {e["order_id"]: e.get("referral_code") for e in emitted(BillingOutbox, "billing.invoice.issued")}
    assert issued == {order["id"]: CODE, plain["id"]: None}


def test_pa15_the_sign_up_page_keeps_the_referral_code_in_a_hidden_field_and_sends_it(identity_client, smtp_server):
    page = identity_client.get(f"/signup?referral_code={CODE}").get_data(as_text=True)
    assert f'name="referral_code" value="{CODE}"' in page
    assert 'name="referral_code"' not in identity_client.get("/signup?referral_code=<b>").get_data(as_text=True)
    form = {"first_name": "Lea", "last_name": "Berg", "email": "lea@berg-design.example", "password": PASSWORD,
            "mobile": "", "kind": "individual", "company_name": "", "currency": "CHF"}
    for email, code in (("lea@berg-design.example", CODE), ("max@berg-design.example", "bad code")):
        token = csrf(identity_client, "/signup")
        response = identity_client.post("/signup", data={**form, "email": email, "referral_code": code,
                                                         "csrf_token": token})
        assert response.status_code == 201, response.get_data(as_text=True)
    assert [e["referral_code"] for e in emitted(IdentityOutbox, "identity.account.registered")] == [CODE, None]
