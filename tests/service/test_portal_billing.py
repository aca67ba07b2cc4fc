"""The portal's billing pages without a browser: the portal in-process, its calls to the
services answered by a small fake of billing's person API (the contract of issue 10), so that
the pages' own behaviour is tested: the rule sentences (BI3, BI8), BI13's not-found page and
navigation, the 3-D Secure redirect with its return_url, the PDF proxied with the person's
token, confirmations and amounts typed per locale. The real endpoints are in the browser story."""
import re
import uuid

import pytest

from services.common.errors import BadRequest, NotFound, RuleViolation
from services.portal.apis import base
from tests.service.test_portal_core import LOCAL, csrf_of, portal_app

ORG = str(uuid.uuid4())
ME = str(uuid.uuid4())
PRODUCT = str(uuid.uuid4())
INVOICE = str(uuid.uuid4())
PROFILE = str(uuid.uuid4())
PREFIX = f"/v1/organizations/{ORG}"


def chf(amount):
    minor = int(amount.replace(".", ""))
    return {"amount": amount, "amount_minor": minor, "currency": "CHF"}


class FakeServices:
    """identity's /v1/me, orgs' /mine and /members, and billing's person API, in memory."""

    def __init__(self):
        self.role, self.billing_rights, self.calls = "legal_representative", True, []
        self.products = [{"id": PRODUCT, "type": "domain-ch", "family": "domain", "name": "alpine.ch",
                          "status": "active", "expires_on": "2027-03-01", "price": chf("9.50"),
                          "period_months": 12, "auto_renew": False, "warranty": False}]
        self.balance = 0

    def __call__(self, service, method, path, raw=False, json=None, params=None, headers=None, **_):
        self.calls.append((service, method, path, json, headers))
        if service == "identity":
            return {"id": ME, "email": "lea@alpine.example", "first_name": "Lea", "language": "en"}
        if service == "orgs":
            if path.endswith("/members"):
                return [{"account_id": ME, "role": self.role, "billing_rights": self.billing_rights}]
            return [{"id": ORG, "name": "Alpine Web", "kind": "company", "currency": "CHF", "my_role": self.role}]
        return self.billing(method, path[len(PREFIX):] if path.startswith(PREFIX) else path, json, raw)

    def billing(self, method, path, body, raw):
        may_bill = self.role == "legal_representative" or self.billing_rights
        if not may_bill and not path.startswith("/products") and path != "/v1/catalogue":
            raise NotFound("No such organization.")  # BI13: nothing learnt about invoices
        if (method, path) == ("GET", "/products"):
            return self.products
        if (method, path) == ("PUT", "/products/auto-renewal"):
            raise RuleViolation("BI3", "no Visa or MasterCard default profile")
        if (method, path) == ("GET", "/payment-profiles"):
            return [{"id": PROFILE, "method": "card", "label": "Visa •••• 3220", "is_default": True}]
        if (method, path) == ("GET", "/prepaid"):
            return {"balance": chf(f"{self.balance // 100}.{self.balance % 100:02d}"), "items": []}
        if (method, path) == ("POST", "/prepaid/deposits"):
            minor = body["amount"]["amount_minor"]
            if not 10 <= minor <= 999900:
                raise RuleViolation("BI8", "a deposit is between 0.10 and 9999.00",
                                    errors={"amount": ["out of range"]})
            self.balance += minor
            return {"status": "succeeded"}
        if (method, path) == ("GET", f"/invoices/{INVOICE}"):
            return {"id": INVOICE, "number": None, "status": "draft", "total": chf("10.27"), "net": chf("9.50"),
                    "vat": chf("0.77"), "lines": [{"description": "alpine.ch", "quantity": 1, "net": chf("9.50"),
                                                   "vat_rate": "8.1", "vat": chf("0.77")}], "payments": [],
                    "vat_rates": [{"rate": "8.1", "net": chf("9.50"), "vat": chf("0.77")}], "due": chf("10.27")}
        if (method, path) == ("GET", "/invoices"):
            return {"items": [], "next_cursor": None}
        if (method, path) == ("POST", f"/invoices/{INVOICE}/payments"):
            return {"status": "requires_action", "action_url": "/v1/payment-provider/sandbox/3ds/abc",
                    "invoice": {}}
        if (method, path) == ("GET", f"/invoices/{INVOICE}/pdf") and raw:
            return type("Response", (), {"content": b"%PDF-1.4 pro-forma"})()
        if (method, path) == ("POST", f"/products/{PRODUCT}/cancellation"):
            assert body == {"confirm": True}
            self.products[0]["status"] = "cancelled"
            return self.products[0]
        if (method, path) == ("GET", f"/products/{PRODUCT}"):
            return self.products[0]
        raise BadRequest(f"the fake has no {method} {path}")


@pytest.fixture
def services(monkeypatch):
    fake = FakeServices()
    monkeypatch.setattr(base, "call", fake)
    return fake


@pytest.fixture
def client(tmp_path, services):
    app = portal_app(tmp_path / "var", {**LOCAL, "billing": "http://127.0.0.1:9"})
    client = app.test_client()
    with client.session_transaction() as session:
        session["tokens"] = {"access": "a", "refresh": "r", "expires_at": 2 ** 40, "id_token": None}
    return client


def form_token(client, path):
    return csrf_of(client.get(path).get_data(as_text=True))


def test_bi3_switching_automatic_renewal_on_without_a_card_shows_the_rule_and_changes_nothing(client, services):
    token = form_token(client, "/billing/products")
    response = client.post("/billing/products", data={"csrf_token": token, "product_ids": PRODUCT,
                                                      "action": "auto_renew_on"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "BI3: Automatic renewal needs a Visa or MasterCard card" in page
    assert services.products[0]["auto_renew"] is False and 'class="auto-renew">off' in page


def test_ticking_nothing_says_so_beside_the_list(client, services):
    token = form_token(client, "/billing/products")
    response = client.post("/billing/products", data={"csrf_token": token, "action": "warranty_on"})
    assert response.status_code == 422 and "Tick at least one product." in response.get_data(as_text=True)
    assert not [c for c in services.calls if c[1] == "PUT"]


def test_renew_sends_the_ticked_products_to_the_renewal_page(client):
    token = form_token(client, "/billing/products")
    response = client.post("/billing/products", data={"csrf_token": token, "product_ids": PRODUCT, "action": "renew"})
    assert response.status_code == 303 and response.headers["Location"] == f"/billing/products/renewal?product_id={PRODUCT}"


@pytest.mark.parametrize("typed", ["0.05", "10000"])
def test_bi8_a_deposit_out_of_range_shows_the_rule_and_the_balance_stays(client, services, typed):
    token = form_token(client, "/billing/prepaid")
    response = client.post("/billing/prepaid/deposit", data={"csrf_token": token, "amount": typed,
                                                             "profile_id": PROFILE, "idempotency_key": "k-refused"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "BI8: A deposit is between 0.10 and 9,999.00" in page
    assert services.balance == 0 and 'id="f-amount-error"' in page
    # the corrected form is another request: it must not replay the refused one's key
    assert 'name="idempotency_key" value="k-refused"' not in page


def test_an_amount_typed_the_swiss_or_french_way_is_read_exactly(client, services):
    for typed, minor in (("1'250.50", 125050), ("12,5", 1250)):
        token = form_token(client, "/billing/prepaid")
        response = client.post("/billing/prepaid/deposit", data={"csrf_token": token, "amount": typed,
                                                                 "profile_id": PROFILE})
        assert response.status_code == 303
        sent = [c for c in services.calls if c[2].endswith("/prepaid/deposits")][-1]
        assert sent[3]["amount"] == {"amount": f"{minor // 100}.{minor % 100:02d}", "amount_minor": minor,
                                     "currency": "CHF"}
        assert sent[4]["Idempotency-Key"]
    token = form_token(client, "/billing/prepaid")
    response = client.post("/billing/prepaid/deposit", data={"csrf_token": token, "amount": "ten",
                                                             "profile_id": PROFILE})
    assert response.status_code == 422 and "Enter an amount such as 12.50." in response.get_data(as_text=True)


def test_a_payment_asking_for_3_d_secure_sends_the_browser_to_the_provider_and_back_to_the_invoice(client, services):
    token = form_token(client, f"/billing/invoices/{INVOICE}")
    response = client.post(f"/billing/invoices/{INVOICE}/payment", data={
        "csrf_token": token, "profile_id": PROFILE, "prepaid_amount": "", "idempotency_key": "k-1"})
    assert response.status_code == 303
    assert response.headers["Location"] == "http://127.0.0.1:9/v1/payment-provider/sandbox/3ds/abc"
    _service, _method, _path, body, headers = services.calls[-1]
    assert body == {"profile_id": PROFILE, "return_url": f"http://127.0.0.1:8000/billing/invoices/{INVOICE}"}
    assert headers == {"Idempotency-Key": "k-1"}
    # Chromium applies form-action to the redirect that follows a form: the provider's page is allowed
    policy = response.headers["Content-Security-Policy"]
    assert "form-action 'self' http://127.0.0.1:9 http://127.0.0.1:9;" in policy  # identity, then billing


def test_bi14_the_invoice_shows_vat_per_line_per_rate_and_in_total(client):
    page = client.get(f"/billing/invoices/{INVOICE}").get_data(as_text=True)
    assert "Pro-forma invoice" in page and "<td>8.1 %</td>" in page
    assert "VAT 8.1 % on CHF\xa09.50" in page and "CHF\xa010.27" in page


def test_the_invoice_pdf_is_served_by_the_portal(client):
    response = client.get(f"/billing/invoices/{INVOICE}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and "pro-forma.pdf" in response.headers["Content-Disposition"]


def test_bi13_without_billing_rights_invoices_are_not_found_and_not_offered(client, services):
    services.role, services.billing_rights = "collaborator", False
    products = client.get("/billing/products").get_data(as_text=True)
    nav = re.search(r'<nav class="site-nav" aria-label="Sections">(.*?)</nav>', products, re.S).group(1)
    assert "Products" in nav and "Invoices" not in nav and "Prepaid" not in nav
    response = client.get(f"/billing/invoices/{INVOICE}")
    assert response.status_code == 404 and "This page does not exist, or you may not see it." in response.get_data(
        as_text=True)
    assert client.get("/billing/invoices").status_code == 404


def test_an_administrator_with_billing_rights_is_offered_the_invoices(client, services):
    services.role, services.billing_rights = "administrator", True
    page = client.get("/billing/products").get_data(as_text=True)
    assert 'href="/billing/invoices"' in page and 'aria-current="page">Products' in page


def test_bi12_cancelling_asks_for_a_confirmation_first(client, services):
    page = client.get(f"/billing/products/{PRODUCT}/cancellation").get_data(as_text=True)
    assert "Cancel alpine.ch?" in page and "Charges already due remain due" in page
    token = csrf_of(page)
    client.post(f"/billing/products/{PRODUCT}/cancellation", data={"csrf_token": token})
    assert services.products[0]["status"] == "active"
    response = client.post(f"/billing/products/{PRODUCT}/cancellation", data={"csrf_token": token, "confirmed": "1"})
    assert response.status_code == 303 and services.products[0]["status"] == "cancelled"


def test_amounts_and_dates_follow_the_locale(client):
    with client.session_transaction() as session:
        session["language"] = "de"
    page = client.get("/billing/products").get_data(as_text=True)
    assert "CHF\xa09.50" in page and "01.03.2027" in page and "Produkte" in page
