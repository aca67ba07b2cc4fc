"""The portal's partner and staff pages without a browser: the portal in-process, its calls
answered by a small fake of partner's person API, orgs' elevations and billing's products (the
contract of issue 11), so that the pages' own behaviour is tested: what each form sends, the
rule sentences (PA1, PA5, PA10), confirmations, paging links, and the staff pages refused to a
token without the staff scope. The real endpoints are in tests/browser/test_partner_pages.py."""
import base64
import json
import uuid

import pytest

from services.common.errors import BadRequest, Forbidden, NotFound, RuleViolation
from services.portal.apis import base
from tests.service.test_portal_core import LOCAL, csrf_of, portal_app

ORG = str(uuid.uuid4())
CLIENT = str(uuid.uuid4())
LINK = str(uuid.uuid4())
ME = str(uuid.uuid4())
CARL = str(uuid.uuid4())
PRODUCT = str(uuid.uuid4())
STATS = str(uuid.uuid4())  # a product the link grants statistics only on
APPLICATION = str(uuid.uuid4())
LINKS = f"/v1/partners/{ORG}/links"


def token_with(scope):
    claims = base64.urlsafe_b64encode(json.dumps({"scope": scope}).encode()).decode().rstrip("=")
    return f"header.{claims}.signature"


class FakeServices:
    def __init__(self):
        self.kind, self.calls, self.application = "company", [], None
        self.options = {"warranty": False, "auto-renewal": False}
        self.link = {"id": LINK, "partner_organization_id": ORG, "partner_name": "Alpine Web",
                     "client_organization_id": CLIENT, "client_name": "Bergbau AG", "status": "active",
                     "initiated_by": "partner", "requested": {"scope": "limited", "products": {}, "billing": False,
                                                              "payer": "client"},
                     "scope": "limited", "products": {PRODUCT: {"technical": True, "statistics": False},
                                                      STATS: {"technical": False, "statistics": True}},
                     "billing": False, "payer": "client", "ends_at": None, "auto_extend": False,
                     "requested_at": "2026-03-01T10:00:00Z", "request_expires_at": None,
                     "approved_at": "2026-03-02T10:00:00Z", "closed_at": None, "closed_side": None}

    def __call__(self, service, method, path, raw=False, json=None, params=None, headers=None, **_):
        self.calls.append((service, method, path, json, params))
        if service == "identity":
            return {"id": ME, "email": "lea@alpine.example", "first_name": "Lea", "language": "en"}
        if service == "orgs":
            return self.orgs(method, path, json)
        if service == "billing":
            return self.billing(method, path, json)
        return self.partner(method, path, json, params or {})

    def billing(self, method, path, body):
        """Products; their options switched only on PRODUCT (technical rights), as orgs decides."""
        if method == "PUT":
            if body["product_ids"] != [PRODUCT]:
                raise Forbidden("You may see but not manage these products.")
            if path.endswith("/auto-renewal") and body["enabled"]:
                raise RuleViolation("BI3", "no Visa or MasterCard default profile")
            self.options[path.rsplit("/", 1)[1]] = body["enabled"]
        products = [{"id": PRODUCT, "name": "bergbau.ch", "type": "domain-ch", "status": "active",
                     "warranty": self.options["warranty"], "auto_renew": self.options["auto-renewal"]},
                    {"id": STATS, "name": "shop.ch", "type": "domain-ch", "status": "active", "warranty": False,
                     "auto_renew": False},
                    {"id": str(uuid.uuid4()), "name": "not in scope", "type": "kdrive", "status": "active"}]
        return products[:1] if method == "PUT" else products

    def orgs(self, method, path, body):
        if path.endswith("/members"):
            return [{"account_id": ME, "role": "legal_representative", "email": "lea@alpine.example"},
                    {"account_id": CARL, "role": "collaborator", "email": "carl@alpine.example"}]
        if path == f"/v1/organizations/{CLIENT}/elevations":
            if body["hours"] > 8:
                raise RuleViolation("PX3", "1 to 8 hours")
            return {"id": "e1", "status": "pending"}
        if path == "/v1/accounts/me/elevations":
            return [{"id": "e1", "organization_id": CLIENT, "product_id": PRODUCT, "hours": 2,
                     "reason": "DNS", "status": "pending", "expires_at": None}]
        return [{"id": ORG, "name": "Alpine Web", "kind": self.kind, "currency": "CHF",
                 "my_role": "legal_representative"}]

    def partner(self, method, path, body, params):
        if path == f"/v1/organizations/{ORG}/partner":
            raise NotFound("not a partner")
        if path == f"/v1/organizations/{ORG}/application":
            if method == "POST":
                if body["register_number"].endswith("789"):
                    raise RuleViolation("PA1", "check digit", errors={"register_number": ["wrong check digit"]})
                self.application = {**body, "id": APPLICATION, "status": "pending", "manual_review": False,
                                    "website_check": {"reachable": True, "status": "200", "checked_at": None},
                                    "created_at": "2026-03-01T10:00:00Z"}
                return self.application
            if self.application is None:
                raise NotFound("none")
            return self.application
        if path.startswith("/v1/applications"):
            return self.staff(method, path, body, params)
        if path == LINKS and method == "GET":
            return {"items": [self.link], "next_cursor": "c2" if "cursor" not in params else None}
        if path == LINKS and method == "POST":
            if body["scope"]["scope"] == "limited" and not body["scope"]["products"]:
                raise RuleViolation("PA5", "at least one product", errors={"scope": {"products": ["empty"]}})
            return {**self.link, "status": "pending"}
        if path == f"{LINKS}/{LINK}":
            return self.link
        if path == f"{LINKS}/{LINK}/assignments":
            return [{"id": "a1", "link_id": LINK, "account_id": CARL, "products": None, "active": True}]
        if path == f"{LINKS}/{LINK}/assignments/{CARL}":
            return {"id": "a1", "link_id": LINK, "account_id": CARL, "products": body and body["products"]}
        if path == f"{LINKS}/{LINK}/stop-request":
            return {"token": "stop-token", "expires_at": "2026-03-02T10:10:00Z"}
        if path == f"{LINKS}/{LINK}/stop":
            if body["password"] != "right":
                raise RuleViolation("PA10", "password incorrect")
            self.link["status"] = "stopped"
            return self.link
        if path == f"{LINKS}/{LINK}/withdrawal":
            return {**self.link, "status": "withdrawn"}
        raise BadRequest(f"the fake has no {method} {path}")

    def staff(self, method, path, body, params):
        application = {"id": APPLICATION, "legal_name": "Alpine Web AG", "register_country": "DE",
                       "register_kind": "foreign", "register_number": "HRB 12345", "manual_review": True,
                       "website": "https://alpine.example",
                       "website_check": {"reachable": False, "status": "timeout", "checked_at": None},
                       "status": "pending", "conditions_version": "2025-01", "created_at": "2026-03-01T10:00:00Z"}
        if path == "/v1/applications":
            return {"items": [{**application, "status": "approved", "legal_name": "Older"}, application],
                    "next_cursor": None}
        if path.endswith("/rejection"):
            return {**application, "status": "rejected", "reason": body["reason"]}
        return application


@pytest.fixture
def services(monkeypatch):
    fake = FakeServices()
    monkeypatch.setattr(base, "call", fake)
    return fake


def signed_in(tmp_path, scope="openid orgs partner billing"):
    app = portal_app(tmp_path / "var", {**LOCAL, "billing": "http://127.0.0.1:9", "partner": "http://127.0.0.1:9"})
    client = app.test_client()
    with client.session_transaction() as session:
        session["tokens"] = {"access": token_with(scope), "refresh": "r", "expires_at": 2 ** 40, "id_token": None}
    return client


@pytest.fixture
def client(tmp_path, services):
    return signed_in(tmp_path)


def posted(client, path, data, form_path=None):
    token = csrf_of(client.get(form_path or path).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def sent(services, method, path):
    return [call[3] for call in services.calls if call[1] == method and call[2] == path]


def test_the_programme_is_offered_to_companies_only(client, services):
    assert "Partner programme" in client.get("/").get_data(as_text=True)
    services.kind = "individual"
    assert "Partner programme" not in client.get("/").get_data(as_text=True)


def test_pa1_a_wrong_check_digit_is_refused_beside_the_field_then_the_application_is_pending(client, services):
    application = {"legal_name": "Alpine Web AG", "register_country": "CH", "register_number": "CHE-123.456.789",
                   "website": "https://alpine.example", "idempotency_key": "k1"}
    response = posted(client, "/partner/application", application, "/partner")
    assert response.status_code == 422 and "Accept the reseller conditions" in response.get_data(as_text=True)
    assert not sent(services, "POST", f"/v1/organizations/{ORG}/application")
    response = posted(client, "/partner/application", {**application, "accept_conditions": "1"}, "/partner")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "PA1: Only a company can apply" in page and 'id="f-register_number-error"' in page
    response = posted(client, "/partner/application", {**application, "register_number": "CHE-123.456.788",
                                                        "accept_conditions": "1"}, "/partner")
    assert response.status_code == 303
    body = sent(services, "POST", f"/v1/organizations/{ORG}/application")[-1]
    assert body["accept_conditions"] is True and body["conditions_version"] == "2026-01"
    page = client.get("/partner").get_data(as_text=True)
    assert "pending review" in page and "reachable (200)" in page and "Apply to become a partner" not in page


def test_pa4_inviting_by_email_sends_the_requested_scope_and_a_bad_one_shows_pa5(client, services):
    form = {"client": "email", "email": "bob@bergbau.example", "scope": "limited", "product_ids": "",
            "technical": "1", "payer": "client", "ends_at": "", "idempotency_key": "k2"}
    response = posted(client, "/partner/clients/new", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "PA5: Only the client" in page and 'id="f-product_ids-error"' in page
    assert 'value="k2"' not in page  # the corrected form is another request
    response = posted(client, "/partner/clients/new", {**form, "ends_at": "next year"})
    assert response.status_code == 422 and "Enter a date such as" in response.get_data(as_text=True)
    response = posted(client, "/partner/clients/new", {**form, "scope": "full", "billing": "1", "ends_at": "2027-01-31",
                                                       "auto_extend": "1"})
    assert response.status_code == 303 and response.headers["Location"] == f"/partner/clients/{LINK}"
    assert sent(services, "POST", LINKS)[-1] == {
        "client": {"email": "bob@bergbau.example"}, "scope": {"scope": "full", "products": None, "billing": True},
        "payer": "client", "auto_extend": True, "ends_at": "2027-01-31T23:59:59+00:00"}


def test_creating_a_client_organization_sends_its_legal_representative(client, services):
    form = {"client": "new", "name": "Chalet GmbH", "kind": "company", "currency": "EUR", "rep_first_name": "Anna",
            "rep_last_name": "Muster", "rep_email": "anna@chalet.example", "rep_language": "de", "scope": "limited",
            "product_ids": f"{PRODUCT}\n", "statistics": "1", "payer": "client"}
    assert posted(client, "/partner/clients/new", form).status_code == 303
    body = sent(services, "POST", LINKS)[-1]
    assert body["client"]["new_organization"]["legal_representative"] == {
        "email": "anna@chalet.example", "first_name": "Anna", "last_name": "Muster", "language": "de"}
    assert body["scope"] == {"scope": "limited", "products": {PRODUCT: {"technical": False, "statistics": True}},
                             "billing": False}


def test_the_clients_list_pages_by_cursor_and_keeps_its_filters(client, services):
    page = client.get("/partner/clients?q=berg&status=active").get_data(as_text=True)
    assert "Bergbau AG" in page and "cursor=c2" in page and "q=berg" in page
    assert sent(services, "GET", LINKS) == [None]
    params = [call[4] for call in services.calls if call[2] == LINKS]
    assert params[-1]["q"] == "berg" and params[-1]["status"] == "active"
    page = client.get("/partner/clients?cursor=c2").get_data(as_text=True)
    assert "First page" in page and "Next page" not in page


def test_pa7_the_client_page_shows_products_in_scope_and_assigns_a_member(client, services):
    page = client.get(f"/partner/clients/{LINK}").get_data(as_text=True)
    assert "bergbau.ch" in page and "not in scope" not in page and "carl@alpine.example" in page
    response = posted(client, f"/partner/clients/{LINK}/assignments", {"account_id": CARL, "products": PRODUCT},
                      f"/partner/clients/{LINK}")
    assert response.status_code == 303
    assert sent(services, "PUT", f"{LINKS}/{LINK}/assignments/{CARL}") == [{"products": [PRODUCT]}]
    response = posted(client, f"/partner/clients/{LINK}/assignments/{CARL}/removal", {}, f"/partner/clients/{LINK}")
    assert response.status_code == 200 and not sent(services, "DELETE", f"{LINKS}/{LINK}/assignments/{CARL}")
    response = posted(client, f"/partner/clients/{LINK}/assignments/{CARL}/removal", {"confirmed": "1"},
                      f"/partner/clients/{LINK}")
    assert response.status_code == 303 and ("partner", "DELETE", f"{LINKS}/{LINK}/assignments/{CARL}", None, None) \
        in services.calls


def test_pa6_staff_switch_the_warranty_of_a_product_they_manage_and_are_refused_another(client, services):
    path, put = f"/partner/clients/{LINK}", f"/v1/organizations/{CLIENT}/products/warranty"
    page = client.get(path).get_data(as_text=True)
    assert f'id="warranty-{PRODUCT}"' in page and f'id="warranty-{STATS}"' in page
    response = posted(client, f"{path}/products/{PRODUCT}/warranty", {"enabled": "1"}, path)
    assert response.status_code == 303 and response.headers["Location"] == path
    assert sent(services, "PUT", put) == [{"product_ids": [PRODUCT], "enabled": True}]
    page = client.get(path).get_data(as_text=True)
    assert "The renewal warranty of bergbau.ch is now on." in page and services.options["warranty"] is True
    response = posted(client, f"{path}/products/{STATS}/warranty", {"enabled": "1"}, path)
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and 'id="option-refused"' in page
    assert "PA6: A partner sees and acts only within the access the client granted." in page
    response = posted(client, f"{path}/products/{PRODUCT}/auto-renewal", {"enabled": "1"}, path)
    assert response.status_code == 422 and "BI3: Automatic renewal needs" in response.get_data(as_text=True)
    assert services.options == {"warranty": True, "auto-renewal": False}
    response = posted(client, f"{path}/products/{PRODUCT}/warranty", {"enabled": "0"}, path)
    assert response.status_code == 303 and services.options["warranty"] is False


def test_pa10_stopping_asks_a_confirmation_then_the_password(client, services):
    page = client.get(f"/partner/clients/{LINK}/stop").get_data(as_text=True)
    assert "Stop the link with Bergbau AG?" in page and not sent(services, "POST", f"{LINKS}/{LINK}/stop-request")
    response = posted(client, f"/partner/clients/{LINK}/stop", {"confirmed": "1"})
    assert 'name="token" value="stop-token"' in response.get_data(as_text=True)
    response = posted(client, f"/partner/clients/{LINK}/stop/password", {"token": "stop-token", "password": "wrong"},
                      f"/partner/clients/{LINK}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "PA10: Stopping a partner link needs your password" in page
    assert 'value="stop-token"' in page and "wrong" not in page  # the password is never shown again
    response = posted(client, f"/partner/clients/{LINK}/stop/password", {"token": "stop-token", "password": "right"},
                      f"/partner/clients/{LINK}")
    assert response.status_code == 303 and services.link["status"] == "stopped"


def test_withdrawing_a_request_needs_its_confirmation(client, services):
    services.link["status"] = "pending"
    assert "Withdraw the request" in client.get(f"/partner/clients/{LINK}").get_data(as_text=True)
    assert posted(client, f"/partner/clients/{LINK}/withdrawal", {}).status_code == 200
    assert not sent(services, "POST", f"{LINKS}/{LINK}/withdrawal")
    assert posted(client, f"/partner/clients/{LINK}/withdrawal", {"confirmed": "1"}).status_code == 303
    assert sent(services, "POST", f"{LINKS}/{LINK}/withdrawal")


def test_px3_an_elevation_is_asked_for_a_product_in_scope_and_listed(client, services):
    path = f"/partner/clients/{LINK}/elevation"
    assert posted(client, path, {"product_id": PRODUCT, "hours": "9", "reason": "DNS"}).status_code == 422
    assert posted(client, path, {"product_id": PRODUCT, "hours": "2", "reason": ""}).status_code == 422
    assert posted(client, path, {"product_id": PRODUCT, "hours": "2", "reason": "DNS change"}).status_code == 303
    assert sent(services, "POST", f"/v1/organizations/{CLIENT}/elevations") == [
        {"product_id": PRODUCT, "hours": 2, "reason": "DNS change"}]
    page = client.get("/partner/elevations").get_data(as_text=True)
    assert "bergbau.ch" in page and "waiting for the client" in page


def test_staff_pages_are_refused_without_the_staff_scope(client, services):
    response = client.get("/staff/applications")
    assert response.status_code == 403 and "Not allowed" in response.get_data(as_text=True)
    assert "Applications to review" not in client.get("/").get_data(as_text=True)
    assert not [call for call in services.calls if call[2].startswith("/v1/applications")]


def test_staff_review_pending_first_and_reject_with_a_reason(tmp_path, services):
    staff = signed_in(tmp_path, "openid orgs partner staff")
    assert "Applications to review" in staff.get("/").get_data(as_text=True)
    page = staff.get("/staff/applications").get_data(as_text=True)
    assert page.index("Alpine Web AG") < page.index("Older")
    page = staff.get(f"/staff/applications/{APPLICATION}").get_data(as_text=True)
    assert "HRB 12345" in page and "Manual review" in page and "not reachable (timeout)" in page
    path = f"/staff/applications/{APPLICATION}/rejection"
    response = posted(staff, path, {"reason": " "})
    assert response.status_code == 422 and "Give the reason" in response.get_data(as_text=True)
    assert posted(staff, path, {"reason": "Website unreachable"}).status_code == 303
    assert sent(services, "POST", path.replace("/staff", "/v1")) == [{"reason": "Website unreachable"}]
