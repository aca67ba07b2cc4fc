"""The tender pages without a browser (PA13): the portal in-process, its calls answered by a
small fake of partner's tender API (the brief's contract), so that the pages' own behaviour is
tested: what each form sends, public pages without a token, the poster key kept in the session
and out of the address bar, the limits' 429, the award's checkbox, and who is offered what.
The real endpoints are in tests/browser/test_tender_pages.py."""
import re
import uuid

import pytest

from services.common.client import TooManyRequests
from services.common.errors import BadRequest, Conflict, NotFound, RuleViolation
from services.portal.apis import base
from tests.service.test_portal_core import LOCAL, csrf_of, portal_app, session_of

ORG, ME, TENDER, ANSWER, LINK = (str(uuid.uuid4()) for _ in range(5))
KEY = "poster-key-0123456789"
TENDER_FORM = {"title": "A shop for our bakery", "needs": "An online shop with click and collect, in French.",
               "products": ["hosting", "domain"], "speciality": "e-commerce", "budget_min": "1'000",
               "budget_max": "5000.50", "currency": "CHF", "region": "CH-VD", "language": "fr",
               "deadline": "2027-01-15"}


def _tender(status="open", **more):
    return {"id": TENDER, "title": "A shop for our bakery", "needs": "An online shop with click and collect.",
            "products": ["hosting"], "speciality": "e-commerce", "region": "CH-VD", "language": "fr",
            "budget": {"min": "1000.00", "max": "5000.00", "currency": "CHF"}, "deadline": "2027-01-15",
            "status": status, "created_at": "2026-12-01T10:00:00Z",
            "answers": [{"id": ANSWER, "partner_name": "Helvetic Partners", "partner_slug": "helvetic-partners",
                         "message": "We build it in four weeks.", "created_at": "2026-12-01T11:00:00Z",
                         "price": {"min": "3000.00", "max": "4000.00", "currency": "CHF"}}], **more}


class FakeServices:
    def __init__(self):
        self.calls, self.role, self.kind = [], "legal_representative", "company"
        self.tender, self.refuse, self.award = _tender(), None, None

    def __call__(self, service, method, path, raw=False, json=None, params=None, headers=None, anonymous=False, **_):
        self.calls.append({"service": service, "method": method, "path": path, "json": json, "params": params,
                           "headers": headers or {}, "anonymous": anonymous})
        if service == "identity":
            return {"id": ME, "email": "lea@alpine.example", "first_name": "Lea", "language": "en"}
        if service == "orgs" and path.endswith("/members"):
            return [{"account_id": ME, "role": self.role, "billing_rights": False}]
        if service == "orgs":
            return [{"id": ORG, "name": "Alpine Web", "kind": self.kind, "currency": "CHF", "my_role": self.role}]
        if self.refuse and method == "POST":
            raise self.refuse
        return self.partner(method, path, json, headers or {})

    def partner(self, method, path, body, headers):
        if path.startswith(f"/v1/tenders/{TENDER}") and headers.get("Tender-Key") != KEY:
            raise NotFound("no such tender")
        if path in ("/v1/tenders", f"/v1/organizations/{ORG}/tenders") and method == "POST":
            return {"id": TENDER, "status": "unverified" if path == "/v1/tenders" else "open"}
        if path == "/v1/tenders/verify":
            if body["token"] == "twice-token":
                raise Conflict("already confirmed")
            if body["token"] == "old-token":
                raise RuleViolation("PA13", "expired")
            if body["token"] != "good-token":
                raise NotFound("unknown token")
            return {**self.tender, "key": KEY}
        if path.endswith("/award"):
            if self.award is None:
                raise NotFound("not awarded to you")
            return self.award
        if path.endswith("/award/confirm"):
            return {"id": LINK, "status": "pending"}
        if path.endswith(("/accept", "/withdraw", "/answers", "/remove")):
            return self.tender
        if path.endswith("/tenders") and method == "GET":
            return {"items": [self.tender], "next_cursor": "c2"}
        return self.tender


@pytest.fixture
def services(monkeypatch):
    fake = FakeServices()
    monkeypatch.setattr(base, "call", fake)
    return fake


def _app(tmp_path):
    return portal_app(tmp_path / "var", {**LOCAL, "partner": "http://127.0.0.1:9", "billing": "http://127.0.0.1:9"})


@pytest.fixture
def visitor(tmp_path, services):
    return _app(tmp_path).test_client()


@pytest.fixture
def client(tmp_path, services):
    client = _app(tmp_path).test_client()
    with client.session_transaction() as session:
        session["tokens"] = {"access": "a", "refresh": "r", "expires_at": 2 ** 40, "id_token": None}
    return client


def _post(client, path, data, page=None):
    token = csrf_of(client.get(page or path).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def _sent(services, ending, method="POST"):
    return [c for c in services.calls if c["path"].endswith(ending) and c["method"] == method][-1]


def test_pa13_a_visitor_posts_without_an_account_and_is_told_to_check_the_mailbox(visitor, services):
    page = visitor.get("/tenders/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="email"' in html and '<option value="fr" >Français</option>' in html
    assert '<optgroup label="Switzerland">' in html and '<option value="CH-ZH" >Zürich</option>' in html
    response = _post(visitor, "/tenders/new", {**TENDER_FORM, "email": "ann@example.ch", "name": "Ann Baker"})
    assert response.status_code == 303 and response.headers["Location"] == "/tenders/sent"
    sent = _sent(services, "/v1/tenders")
    assert sent["anonymous"] and sent["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert sent["json"] == {"title": "A shop for our bakery", "needs": TENDER_FORM["needs"],
                            "products": ["hosting", "domain"], "speciality": "e-commerce",
                            "budget": {"min": "1000.00", "max": "5000.50", "currency": "CHF"}, "region": "CH-VD",
                            "language": "fr", "deadline": "2027-01-15", "email": "ann@example.ch",
                            "name": "Ann Baker"}
    assert "ann@example.ch" in visitor.get("/tenders/sent").get_data(as_text=True)


def test_pa13_bad_input_is_marked_beside_its_field_and_the_services_refusal_too(visitor, services):
    response = _post(visitor, "/tenders/new", {**TENDER_FORM, "products": [], "budget_min": "lots",
                                               "budget_max": "10", "deadline": "soon"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Choose at least one product." in page
    assert 'id="f-budget_min-error"' in page and 'id="f-deadline-error"' in page
    assert not [c for c in services.calls if c["method"] == "POST"]
    inverted = _post(visitor, "/tenders/new", {**TENDER_FORM, "budget_min": "900", "budget_max": "100"})
    assert inverted.status_code == 422 and "cannot be below the lowest" in inverted.get_data(as_text=True)
    services.refuse = BadRequest("invalid", errors={"json": {"needs": ["Length must be between 20 and 4000."],
                                                             "email": ["Not a valid email address."]}})
    refused = _post(visitor, "/tenders/new", {**TENDER_FORM, "needs": "short", "email": "x", "name": "A"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="f-needs-error"' in page and "Enter a valid email address." in page


def test_pa13_the_limits_per_email_and_address_are_said_on_the_form(visitor, services):
    services.refuse = TooManyRequests("too many", "86400")
    response = _post(visitor, "/tenders/new", {**TENDER_FORM, "email": "ann@example.ch", "name": "Ann"})
    assert response.status_code == 422 and "Too many calls for tenders" in response.get_data(as_text=True)


def test_pa13_the_mailed_link_publishes_and_an_unknown_one_says_so(visitor, services):
    published = visitor.get("/tenders/verify/good-token")
    assert published.status_code == 200 and "is published" in published.get_data(as_text=True)
    assert _sent(services, "/verify")["json"] == {"token": "good-token"} and _sent(services, "/verify")["anonymous"]
    assert session_of(visitor)["tender_keys"] == {TENDER: KEY}  # returned once: this browser reads the answers
    assert visitor.get("/tenders/verify/used-token").status_code == 404
    assert visitor.get("/tenders/verify/old-token").status_code == 404  # older than 48 hours
    twice = visitor.get("/tenders/verify/twice-token")
    assert twice.status_code == 200 and "published already" in twice.get_data(as_text=True)


def test_pa13_the_poster_key_goes_into_the_session_and_out_of_the_address_bar(visitor, services):
    assert visitor.get(f"/tenders/{TENDER}").status_code == 404  # no key: nothing to see
    response = visitor.get(f"/tenders/{TENDER}?key={KEY}")
    assert response.status_code == 303 and response.headers["Location"] == f"/tenders/{TENDER}"
    assert session_of(visitor)["tender_keys"] == {TENDER: KEY}
    page = visitor.get(f"/tenders/{TENDER}").get_data(as_text=True)
    assert "We build it in four weeks." in page and "Helvetic Partners" in page and KEY not in page
    read = _sent(services, f"/v1/tenders/{TENDER}", "GET")
    assert read["headers"] == {"Tender-Key": KEY} and read["anonymous"]


def test_pa13_the_visitor_accepts_an_answer_after_a_confirmation(visitor, services):
    visitor.get(f"/tenders/{TENDER}?key={KEY}")
    accept = f"/tenders/{TENDER}/answers/{ANSWER}/accept"
    assert accept in visitor.get(f"/tenders/{TENDER}").get_data(as_text=True)
    assert "Accept the answer of Helvetic Partners?" in visitor.get(accept).get_data(as_text=True)
    assert not [c for c in services.calls if c["method"] == "POST"]
    response = _post(visitor, accept, {"confirmed": "1"})
    assert response.status_code == 303 and response.headers["Location"] == f"/tenders/{TENDER}"
    sent = _sent(services, "/accept")
    assert sent["json"] == {"answer_id": ANSWER} and sent["headers"] == {"Tender-Key": KEY}


def test_pa13_the_visitor_withdraws_while_open_only(visitor, services):
    visitor.get(f"/tenders/{TENDER}?key={KEY}")
    response = _post(visitor, f"/tenders/{TENDER}/withdraw", {"confirmed": "1"})
    assert response.status_code == 303 and _sent(services, "/withdraw")["headers"] == {"Tender-Key": KEY}
    services.tender = _tender("withdrawn")
    page = visitor.get(f"/tenders/{TENDER}").get_data(as_text=True)
    assert "Withdraw the call for tenders" not in page and "/accept" not in page


def test_pa13_a_client_posts_for_its_organization_and_reads_the_answers(client, services):
    assert client.get("/organizations/current/tenders").headers["Location"] == f"/organizations/{ORG}/tenders"
    listing = client.get(f"/organizations/{ORG}/tenders?status=open").get_data(as_text=True)
    assert "A shop for our bakery" in listing and re.search(r'id="next-page" href="[^"]*cursor=c2', listing)
    assert _sent(services, f"/organizations/{ORG}/tenders", "GET")["params"] == {"status": "open", "limit": 20}
    response = _post(client, f"/organizations/{ORG}/tenders/new", {**TENDER_FORM, "idempotency_key": "k-1"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/organizations/{ORG}/tenders/{TENDER}"
    sent = _sent(services, f"/v1/organizations/{ORG}/tenders")
    assert sent["headers"] == {"Idempotency-Key": "k-1"} and not sent["anonymous"] and "email" not in sent["json"]
    accept = f"/organizations/{ORG}/tenders/{TENDER}/answers/{ANSWER}/accept"
    assert accept in client.get(f"/organizations/{ORG}/tenders/{TENDER}").get_data(as_text=True)
    assert _post(client, accept, {"confirmed": "1"}).status_code == 303
    assert _sent(services, f"/organizations/{ORG}/tenders/{TENDER}/accept")["json"] == {"answer_id": ANSWER}
    services.tender = _tender("awarded", award={"answer_id": ANSWER, "products": ["hosting"]})
    page = client.get(f"/organizations/{ORG}/tenders/{TENDER}").get_data(as_text=True)
    assert 'class="accepted"' in page and accept not in page and "Withdraw" not in page


def test_pa13_another_organizations_tenders_are_not_found(client, services):
    other = str(uuid.uuid4())
    assert client.get(f"/organizations/{other}/tenders").status_code == 404
    assert client.get(f"/organizations/{other}/tenders/{TENDER}").status_code == 404
    assert not [c for c in services.calls if other in c["path"]]


def test_pa13_a_partner_answers_a_delivered_tender(client, services):
    inbox = client.get("/partner/tenders").get_data(as_text=True)
    assert f"/partner/tenders/{TENDER}" in inbox and "Online shops" in inbox and "Vaud" in inbox
    bad = _post(client, f"/partner/tenders/{TENDER}", {"message": "", "price_min": "x", "price_max": "10"})
    assert bad.status_code == 422 and not [c for c in services.calls if c["method"] == "POST"]
    response = _post(client, f"/partner/tenders/{TENDER}", {"message": "We can.", "price_min": "2000",
                                                             "price_max": "2500", "currency": "CHF"})
    assert response.status_code == 303
    assert _sent(services, "/answers")["json"] == {"message": "We can.", "price": {
        "min": "2000.00", "max": "2500.00", "currency": "CHF"}}
    services.refuse = Conflict("already answered")
    twice = _post(client, f"/partner/tenders/{TENDER}", {"message": "Again.", "price_min": "1", "price_max": "2"})
    assert twice.status_code == 422 and "already exists" in twice.get_data(as_text=True)


def test_pa13_a_tender_not_delivered_to_the_partner_is_not_found(client, services):
    services.tender = None
    services.partner = lambda *a: (_ for _ in ()).throw(NotFound("not delivered"))
    assert client.get(f"/partner/tenders/{TENDER}").status_code == 404


def test_pa13_the_award_is_confirmed_only_with_the_provider_products_only_box(client, services):
    services.tender = _tender("awarded", answered=True, awarded_to_me=True, answer={
        "id": ANSWER, "message": "We can.", "price": {"min": "1.00", "max": "2.00", "currency": "CHF"}})
    services.award = {"products": ["hosting"], "client_email": "ann@example.ch", "client_organization_id": None,
                      "confirmed_at": None, "link_id": None}
    page = client.get(f"/partner/tenders/{TENDER}").get_data(as_text=True)
    assert "I use only the provider" in page and "ann@example.ch" in page
    unticked = _post(client, f"/partner/tenders/{TENDER}/award", {}, f"/partner/tenders/{TENDER}")
    assert unticked.status_code == 422 and "PA13:" in unticked.get_data(as_text=True)
    assert not [c for c in services.calls if c["path"].endswith("/confirm")]
    ticked = _post(client, f"/partner/tenders/{TENDER}/award", {"provider_products_only": "1"},
                   f"/partner/tenders/{TENDER}")
    assert ticked.status_code == 303 and ticked.headers["Location"] == f"/partner/clients/{LINK}"
    assert _sent(services, "/award/confirm")["json"] == {"provider_products_only": True}
    services.refuse = NotFound("No organization has a legal representative with this email.")
    unknown = _post(client, f"/partner/tenders/{TENDER}/award", {"provider_products_only": "1"},
                    f"/partner/tenders/{TENDER}")
    assert unknown.status_code == 422 and "ask the poster to create an account" in unknown.get_data(as_text=True)
    services.refuse = RuleViolation("PA13", "provider products only")
    refused = _post(client, f"/partner/tenders/{TENDER}/award", {"provider_products_only": "1"},
                    f"/partner/tenders/{TENDER}")
    assert refused.status_code == 422 and "PA13:" in refused.get_data(as_text=True)


def test_pa13_staff_remove_a_tender_with_a_reason(client, services, monkeypatch):
    assert client.get("/staff/tenders").status_code == 403  # not staff
    monkeypatch.setattr("services.portal.pages.tenders.staff.require_staff", lambda: None)
    assert "A shop for our bakery" in client.get("/staff/tenders").get_data(as_text=True)
    empty = _post(client, f"/staff/tenders/{TENDER}/remove", {"reason": " "})
    assert empty.status_code == 422 and not [c for c in services.calls if c["method"] == "POST"]
    response = _post(client, f"/staff/tenders/{TENDER}/remove", {"reason": "Spam"})
    assert response.status_code == 303 and _sent(services, "/remove")["json"] == {"reason": "Spam"}


def test_pa13_the_navigation_offers_the_inbox_to_companies_and_tenders_to_managers(client, services):
    page = client.get("/partner/tenders").get_data(as_text=True)
    assert 'href="/partner/tenders"' in page and 'href="/organizations/current/tenders"' in page
    assert 'href="/staff/tenders"' not in page
    services.role, services.kind = "collaborator", "individual"
    page = client.get(f"/organizations/{ORG}/tenders").get_data(as_text=True)
    assert 'href="/partner/tenders"' not in page and 'href="/organizations/current/tenders"' not in page
