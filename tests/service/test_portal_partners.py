"""The client's partner pages without a browser: the portal in-process, its calls answered by
a small fake of partner's client API and orgs' activity and elevations (issue 11's contract),
so that the pages' own behaviour is tested: what each form sends, the rule sentences (PA8,
PA10), the two steps of stopping, the CSV streamed through the portal, and who is offered the
section. The real endpoints are in tests/browser/test_partner_client_pages.py."""
import re
import uuid

import pytest

from services.common.errors import BadRequest, RuleViolation
from services.portal.apis import base
from tests.service.test_portal_core import LOCAL, csrf_of, portal_app

ORG, ME, PARTNER = (str(uuid.uuid4()) for _ in range(3))
LINK, REQUEST, PRODUCT, OTHER, ELEVATION = (str(uuid.uuid4()) for _ in range(5))
CLIENT = f"/v1/clients/{ORG}/links"


def _link(link_id, status, **terms):
    return {"id": link_id, "partner_organization_id": PARTNER, "partner_name": "Helvetic Partners",
            "client_organization_id": ORG, "client_name": "Alpine Web", "status": status, "initiated_by": "partner",
            "requested": {"scope": "limited", "products": {PRODUCT: {"technical": True, "statistics": False}},
                          "billing": False, "payer": "client"},
            "scope": "limited", "products": {PRODUCT: {"technical": True, "statistics": True}}, "billing": False,
            "payer": "client", "ends_at": None, "auto_extend": False, "requested_at": "2026-11-01T10:00:00Z",
            "request_expires_at": "2026-12-01T10:00:00Z", "approved_at": None, "closed_at": None, **terms}


class FakeServices:
    def __init__(self):
        self.role, self.calls = "legal_representative", []
        self.links = {LINK: _link(LINK, "active"), REQUEST: _link(REQUEST, "pending", scope=None, products=None)}

    def __call__(self, service, method, path, raw=False, json=None, params=None, headers=None, **_):
        self.calls.append((service, method, path, json, params))
        if service == "identity":
            return {"id": ME, "email": "lea@alpine.example", "first_name": "Lea", "language": "en"}
        if service == "billing":
            return [{"id": PRODUCT, "name": "alpine.ch", "status": "active"},
                    {"id": OTHER, "name": "alpine hosting", "status": "active"}]
        if service == "orgs":
            return self.orgs(method, path, raw)
        return self.partner(method, path, json)

    def orgs(self, method, path, raw):
        if path.endswith("/activity"):
            return {"items": [{"at": "2026-11-02T09:00:00Z", "actor_id": ME, "actor_name": "Sam Staff",
                               "actor_email": "sam@helvetic.example", "partner_organization_id": PARTNER,
                               "partner_name": "Helvetic Partners", "link_id": LINK, "action": "product.manage",
                               "target": PRODUCT, "outcome": "denied"}], "next_cursor": "c2"}
        if path.endswith("/activity.csv") and raw:
            return type("Streamed", (), {"iter_content": lambda self, size: iter([b"at,actor\n", b"x,y\n"])})()
        if path.endswith("/elevations"):
            return [{"id": ELEVATION, "account_name": "Sam Staff", "product_id": PRODUCT, "hours": 4,
                     "reason": "DNS change", "status": "pending", "requested_at": "2026-11-02T09:00:00Z"}]
        if path.endswith("/elevation-preapprovals"):
            return {"product_ids": [OTHER]}
        if method == "POST" and "/elevations/" in path:
            return {}
        if method == "PUT":
            return {}
        if path.endswith("/members"):
            return [{"account_id": ME, "role": self.role, "billing_rights": False}]
        return [{"id": ORG, "name": "Alpine Web", "kind": "company", "currency": "CHF", "my_role": self.role}]

    def partner(self, method, path, body):
        if (method, path) == ("GET", CLIENT):
            return {"items": list(self.links.values()), "next_cursor": None}
        if path == "/v1/partners":
            return [{"organization_id": PARTNER, "name": "Helvetic Partners", "currency": "CHF"}]
        if (method, path) == ("POST", CLIENT):
            return _link(LINK, "active", scope=body["scope"]["scope"])
        link_id = path[len(CLIENT) + 1:].split("/")[0]
        action = path[len(CLIENT) + 1 + len(link_id):]
        if method == "GET" and not action:
            return self.links[link_id]
        if action == "/payer" and body["payer"] == "partner" and self.links[link_id]["scope"] == "limited":
            raise RuleViolation("PA8", "the partner pays only with full access", errors={"payer": ["full only"]})
        if action == "/stop-request":
            return {"token": "stop-token", "expires_at": "2026-11-02T10:00:00Z"}
        if action == "/stop":
            if body["password"] != "correct horse battery":
                raise BadRequest("password incorrect")
            self.links[link_id]["status"] = "stopped"
            return self.links[link_id]
        if action == "/approval":
            self.links[link_id]["status"] = "active"
        return self.links[link_id]


@pytest.fixture
def services(monkeypatch):
    fake = FakeServices()
    monkeypatch.setattr(base, "call", fake)
    return fake


@pytest.fixture
def client(tmp_path, services):
    urls = {**LOCAL, "billing": "http://127.0.0.1:9", "partner": "http://127.0.0.1:9"}
    client = portal_app(tmp_path / "var", urls).test_client()
    with client.session_transaction() as session:
        session["tokens"] = {"access": "a", "refresh": "r", "expires_at": 2 ** 40, "id_token": None}
    return client


def _post(client, path, data, page=None):
    token = csrf_of(client.get(page or path).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def _sent(services, ending):
    return [c for c in services.calls if c[2].endswith(ending)][-1]


def test_pa5_a_request_is_approved_with_another_scope_than_the_one_asked(client, services):
    page = client.get(f"/partners/requests/{REQUEST}").get_data(as_text=True)
    assert f'name="technical-{PRODUCT}" value="1" checked' in page  # prefilled with what was asked
    response = _post(client, f"/partners/requests/{REQUEST}", {
        "scope": "limited", f"statistics-{PRODUCT}": "1", f"technical-{OTHER}": "1", "payer": "client",
        "ends_on": "2031-01-31", "auto_extend": "1"})
    assert response.status_code == 303 and response.headers["Location"] == f"/partners/links/{REQUEST}"
    assert _sent(services, "/approval")[3] == {
        "scope": {"scope": "limited", "billing": False, "products": {
            PRODUCT: {"technical": False, "statistics": True}, OTHER: {"technical": True, "statistics": False}}},
        "payer": "client", "ends_at": "2031-01-31T23:59:59+00:00", "auto_extend": True}


def test_a_limited_scope_without_any_right_is_marked_and_nothing_is_sent(client, services):
    response = _post(client, f"/partners/requests/{REQUEST}", {"scope": "limited", "payer": "client"})
    assert response.status_code == 422 and "Tick at least one right on one product." in response.get_data(as_text=True)
    assert not [c for c in services.calls if c[1] == "POST"]


def test_declining_a_request_asks_first(client, services):
    page = client.get(f"/partners/requests/{REQUEST}/decline").get_data(as_text=True)
    assert "Decline the request of Helvetic Partners?" in page and not [c for c in services.calls if c[1] == "POST"]
    response = _post(client, f"/partners/requests/{REQUEST}/decline", {"confirmed": "1"})
    assert response.status_code == 303 and _sent(services, "/decline")[1] == "POST"


def test_pa8_the_partner_cannot_pay_with_limited_access_the_rule_is_said(client, services):
    response = _post(client, f"/partners/links/{LINK}/payer", {"payer": "partner"}, f"/partners/links/{LINK}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "PA8: The partner can pay only with full access" in page


def test_full_access_with_billing_entrusted_is_sent_as_the_new_scope(client, services):
    response = _post(client, f"/partners/links/{LINK}/scope", {"scope": "full", "billing": "1"},
                     f"/partners/links/{LINK}")
    assert response.status_code == 303 and _sent(services, "/scope")[3] == {"scope": "full", "billing": True}


def test_pa10_stopping_takes_a_confirmation_then_the_password(client, services):
    assert client.get(f"/partners/links/{LINK}/stop/password").status_code == 303  # the first step first
    response = _post(client, f"/partners/links/{LINK}/stop", {"confirmed": "1"})
    assert response.headers["Location"] == f"/partners/links/{LINK}/stop/password"
    wrong = _post(client, f"/partners/links/{LINK}/stop/password", {"password": "wrong"})
    assert wrong.status_code == 422 and "This password is not correct." in wrong.get_data(as_text=True)
    assert services.links[LINK]["status"] == "active"
    right = _post(client, f"/partners/links/{LINK}/stop/password", {"password": "correct horse battery"})
    assert right.status_code == 303 and services.links[LINK]["status"] == "stopped"
    assert _sent(services, "/stop")[3] == {"token": "stop-token", "password": "correct horse battery"}


def test_pa5_a_partner_found_by_name_is_authorized_on_the_clients_own_initiative(client, services):
    page = client.get("/partners/find?q=helv").get_data(as_text=True)
    authorize = re.search(r'href="(/partners/find/[^"]+)"', page).group(1).replace("&amp;", "&")
    assert "Authorize Helvetic Partners" in client.get(authorize).get_data(as_text=True)
    response = _post(client, authorize, {"scope": "full", "payer": "partner", "idempotency_key": "k-1"})
    assert response.status_code == 303 and response.headers["Location"] == f"/partners/links/{LINK}"
    sent = _sent(services, CLIENT)
    assert sent[3] == {"partner_organization_id": PARTNER, "scope": {"scope": "full", "billing": False},
                       "payer": "partner", "auto_extend": False}
    assert client.get("/partners/find?q=h").status_code == 422  # two characters at least, as partner's search


def test_px2_the_activity_feed_filters_pages_and_streams_its_csv_through_the_portal(client, services):
    page = client.get(f"/partners/activity?link_id={LINK}&action=product.manage&since=2026-11-01").get_data(
        as_text=True)
    assert "Sam Staff" in page and "Manage a product" in page and "refused" in page
    assert _sent(services, "/activity")[4] == {"link_id": LINK, "action": "product.manage",
                                               "since": "2026-11-01T00:00:00+00:00"}
    assert re.search(r'id="next-page" href="[^"]*cursor=c2', page)
    csv = client.get(re.search(r'id="download-csv" href="([^"]+)"', page).group(1).replace("&amp;", "&"))
    assert csv.status_code == 200 and csv.mimetype == "text/csv" and csv.data == b"at,actor\nx,y\n"
    assert _sent(services, "/activity.csv")[2] == f"/v1/organizations/{ORG}/activity.csv"


def test_px3_elevations_are_decided_and_products_pre_approved(client, services):
    page = client.get("/partners/elevations").get_data(as_text=True)
    assert "DNS change" in page and f'name="product-{OTHER}" value="1" checked' in page
    assert _post(client, f"/partners/elevations/{ELEVATION}/approval", {}, "/partners/elevations").status_code == 303
    _post(client, "/partners/elevations/preapprovals", {f"product-{PRODUCT}": "1"}, "/partners/elevations")
    assert _sent(services, "/elevation-preapprovals")[3] == {"product_ids": [PRODUCT]}


def test_the_section_is_offered_to_managers_only(client, services):
    assert 'href="/partners/links"' in client.get("/partners/find").get_data(as_text=True)
    services.role = "collaborator"
    refused = client.get("/partners/links")
    assert refused.status_code == 403 and 'href="/partners/links"' not in refused.get_data(as_text=True)
