"""The partner money pages without a browser (issue 12): the portal in-process, partner's health,
cashback and webhook APIs answered by a small fake of the contract (docs/partner.md, "Partner
money"), so that the pages' own behaviour is tested: the dashboard's SVG charts with their
titles and text equivalents for each threshold status (PX4), statements and entries (PA11),
a subscription added with its secret shown once, refusals beside the form, the delivery log,
replay and removal (PX6). The real endpoints: tests/browser/test_partner_money_pages.py."""
import re
import uuid

import pytest

from services.common.errors import BadRequest, NotFound, RuleViolation
from services.portal.apis import base

from .test_portal_partner import ORG, posted, sent, signed_in

STATEMENT = str(uuid.uuid4())
HOOK = str(uuid.uuid4())
DELIVERY = str(uuid.uuid4())
LINK = str(uuid.uuid4())
CLIENT = str(uuid.uuid4())
MONEY = f"/v1/partners/{ORG}"


def chf(amount):
    return {"amount": amount, "currency": "CHF"}


def health(status="eligible", volume="2150.00"):
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    return {
        "threshold": {"status": status, "currency": "CHF", "volume": chf(volume), "threshold": chf("2000.00"),
                      "progress_percent": 107, "since": "2026-11-02T10:00:00Z",
                      "grace_ends_at": "2027-02-28T10:00:00Z" if status == "grace" else None,
                      "grace_days_left": 88 if status == "grace" else None,
                      "tier": None if status == "lapsed" else "partner",
                      "rates": {} if status == "lapsed" else {"hosting": "10", "ssl": "15"},
                      "ratecard_version": "2026.12.1", "benefits_active": status != "lapsed"},
        "forecast": [{"month": f"2027-{m:02d}" if m < 13 else "", "volume": chf(volume),
                      "renewals_due": {"count": 1 if m == 3 else 0, "amount": chf("300.00" if m == 3 else "0.00")}}
                     for m in range(1, 13)],
        "links_ending": [{"link_id": LINK, "client_organization_id": str(uuid.uuid4()), "client_name": "Bergbau AG",
                          "ends_at": "2026-12-20T23:59:59Z", "auto_extend": False}],
        "renewals": [{"client_organization_id": str(uuid.uuid4()), "client_name": "Bergbau AG",
                      "product_id": str(uuid.uuid4()), "product_type": "domain-ch", "expires_on": "2026-12-15",
                      "annual": chf("15.00")}],
        "unpaid_invoices": [{"invoice_id": str(uuid.uuid4()), "number": "2026-000042", "organization_id": ORG,
                             "client_name": "Bergbau AG", "total": chf("120.00"), "due_on": "2026-11-30",
                             "overdue": True}],
        "cashback": [{"month": month, "earned": chf("40.00" if month == "2026-11" else "0.00"),
                      "reversed": chf("5.00" if month == "2026-11" else "0.00"),
                      "net": chf("35.00" if month == "2026-11" else "0.00"),
                      "statement_id": STATEMENT if month == "2026-11" else None,
                      "status": "issued" if month == "2026-11" else "open"} for month in months],
        "cashback_due": chf("35.00")}


class FakeMoney:
    """partner's money endpoints (and orgs, identity as the portal's layout asks them)."""

    def __init__(self):
        self.calls, self.health, self.hooks = [], health(), []
        self.deliveries = [{"id": DELIVERY, "event_id": str(uuid.uuid4()), "event_type": "threshold.changed",
                            "status": "failed", "attempts": 9, "next_attempt_at": None, "last_status": 500,
                            "last_error": None, "created_at": "2026-11-30T10:00:00Z", "delivered_at": None}]

    def __call__(self, service, method, path, raw=False, json=None, params=None, headers=None, **_):
        self.calls.append((service, method, path, json, params))
        if service == "identity":
            return {"id": str(uuid.uuid4()), "email": "lea@alpine.example", "first_name": "Lea", "language": "en"}
        if path == f"{MONEY}/links":
            return {"items": [{"client_organization_id": CLIENT, "client_name": "Bergbau AG"}], "next_cursor": None}
        if service == "orgs":
            return [{"id": ORG, "name": "Alpine Web", "kind": "company", "currency": "CHF",
                     "my_role": "legal_representative"}]
        if path == f"{MONEY}/health":
            if self.health is None:
                raise NotFound("not a partner")
            return self.health
        if path == f"{MONEY}/cashback/statements":
            return {"items": [self.statement()], "next_cursor": None if params and params.get("cursor") else "c2"}
        if path == f"{MONEY}/cashback/statements/{STATEMENT}":
            return {**self.statement(), "items": self.entries()}
        if path == f"{MONEY}/cashback/entries":
            return {"items": self.entries() if params["month"] == "2026-11" else []}
        if path == f"{MONEY}/webhooks" and method == "GET":
            return {"items": self.hooks}
        if path == f"{MONEY}/webhooks" and method == "POST":
            if not json["url"].startswith("https://"):
                raise RuleViolation("PX6", "https only, public addresses", field="url")
            hook = {"id": HOOK, "url": json["url"], "events": json["events"], "description": json["description"],
                    "active": True, "created_at": "2026-12-01T10:00:00Z"}
            self.hooks.append(hook)
            return {**hook, "secret": "whsec_shown_once"}
        if path == f"{MONEY}/webhooks/{HOOK}":
            if method == "PATCH":
                self.hooks[0].update(json)
            if method == "DELETE":
                self.hooks.clear()
                return None
            if not self.hooks:
                raise NotFound("no such subscription")
            return self.hooks[0]
        if path == f"{MONEY}/webhooks/{HOOK}/deliveries":
            return {"items": self.deliveries, "next_cursor": None}
        if path == f"{MONEY}/webhooks/{HOOK}/deliveries/{DELIVERY}/replay":
            return {**self.deliveries[0], "status": "pending", "attempts": 10}
        raise BadRequest(f"the fake has no {method} {path}")

    def statement(self):
        return {"id": STATEMENT, "month": "2026-11", "currency": "CHF", "earned": chf("40.00"),
                "reversed": chf("5.00"), "carried": chf("0.00"), "amount": chf("35.00"), "entries": 2,
                "status": "issued", "issued_at": "2026-12-01T00:05:00Z", "credited_at": None}

    def entries(self):
        client = CLIENT
        return [{"id": str(uuid.uuid4()), "client_organization_id": client,
                 "invoice_id": str(uuid.uuid4()), "invoice_line_id": str(uuid.uuid4()), "credit_note_id": None,
                 "month": "2026-11", "family": "hosting", "condition": "full-client-pays", "public": chf("400.00"),
                 "partner": chf("360.00"), "amount": chf("40.00"), "rate": "10"},
                {"id": str(uuid.uuid4()), "client_organization_id": client,
                 "invoice_id": str(uuid.uuid4()), "invoice_line_id": str(uuid.uuid4()),
                 "credit_note_id": str(uuid.uuid4()), "month": "2026-11", "family": "hosting",
                 "condition": "full-client-pays", "public": None, "partner": None, "amount": chf("-5.00"),
                 "rate": "10"}]


@pytest.fixture
def services(monkeypatch):
    fake = FakeMoney()
    monkeypatch.setattr(base, "call", fake)
    return fake


@pytest.fixture
def client(tmp_path, services):
    return signed_in(tmp_path)


def text(response):
    """The page, its no-break spaces (in amounts: "CHF 35.00") as plain ones."""
    return response.get_data(as_text=True).replace("\xa0", " ").replace("\u202f", " ")


def svg(page, chart_id):
    found = re.search(rf'<svg id="{chart_id}".*?</svg>', page, re.S)
    assert found, f"no chart {chart_id}"
    return found.group(0)


def test_px4_the_dashboard_draws_its_charts_on_the_server_with_titles_and_text(client, services):
    response = client.get("/partner/dashboard")
    page = text(response)
    assert response.status_code == 200
    for chart in ("threshold-chart", "forecast-chart", "cashback-chart"):
        drawn = svg(page, chart)
        assert "<script" not in drawn and "href" not in drawn and "<image" not in drawn  # nothing fetched
        assert 'role="img"' in drawn and f'<title id="{chart}-title">' in drawn and "<desc" in drawn
        assert "style=" not in drawn  # the CSP allows no inline style
    assert "eligible" in page and "CHF 2’150.00 of CHF 2’000.00 a year (107 %)." in page
    assert "active, tier partner" in page and 'id="rates"' in page
    forecast = svg(page, "forecast-chart")
    assert forecast.count('data-kind="kept"') == 12 and 'data-kind="at-risk"' in forecast
    assert 'data-kind="threshold"' in forecast
    # the text equivalent: March loses the CHF 300 due if not renewed, and keeps it lost after
    assert re.search(r'data-month="2027-03">.*?1 product, CHF 300.00</td><td>CHF 1’850.00', page, re.S)
    cashback = svg(page, "cashback-chart")
    assert cashback.count('data-kind="earned"') == 12 and cashback.count('data-kind="reversed"') == 1
    assert "Due to you: CHF 35.00." in page and f"/partner/cashback/{STATEMENT}" in page
    assert "Bergbau AG" in page and "2026-000042" in page and "overdue" in page


@pytest.mark.parametrize("status, says", [
    ("warning", "less than 10 % above the threshold"),
    ("grace", "88 days left, until"),
    ("lapsed", "no partner benefits"),
])
def test_pa2_the_dashboard_says_each_threshold_status(client, services, status, says):
    services.health = health(status, "1900.00")
    page = text(client.get("/partner/dashboard"))
    assert says in page and f'data-status="{status}"' in page
    assert ("not active" in page) == (status == "lapsed")


def test_px4_a_company_that_is_not_a_partner_is_sent_to_the_programme(client, services):
    services.health = None
    response = client.get("/partner/dashboard")
    assert response.status_code == 200 and "is not a partner yet" in text(response)


def test_the_dashboard_in_german(client, services):
    client.post("/language", data={"language": "de", "csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', text(client.get("/partner/dashboard"))).group(1)})
    page = text(client.get("/partner/dashboard"))
    assert "Prognose" in page and "Cashback" in page


def test_pa11_statements_and_a_months_entries_then_one_statement(client, services):
    page = text(client.get("/partner/cashback?month=2026-11"))
    assert "2026-11" in page and "CHF 35.00" in page and "cursor=c2" in page and "month=2026-11" in page
    assert "CHF 400.00" in page and "CHF-5.00" in page and "credit note" in page
    assert [c[4] for c in services.calls if c[2] == f"{MONEY}/cashback/entries"] == [{"month": "2026-11"}]
    page = text(client.get("/partner/cashback?month=not-a-month"))
    assert 'id="no-entries"' in page  # the current month (none in the fake) instead of the typo
    page = text(client.get(f"/partner/cashback/{STATEMENT}"))
    assert "Cashback statement 2026-11" in page and "issued" in page and page.count("data-entry=") == 2
    assert "Bergbau AG" in page  # the client's name from the partner's links


def test_px6_a_subscription_is_refused_beside_the_field_then_added_with_its_secret_shown_once(client, services):
    form = {"url": "", "events": [], "description": "ERP", "idempotency_key": "k1"}
    response = posted(client, "/partner/webhooks", form)
    page = text(response)
    assert response.status_code == 422 and 'id="f-url-error"' in page and 'id="f-events-error"' in page
    assert not sent(services, "POST", f"{MONEY}/webhooks")
    response = posted(client, "/partner/webhooks", {**form, "url": "http://10.0.0.1/hook",
                                                     "events": ["threshold.changed", "bogus"]})
    page = text(response)
    assert response.status_code == 422 and "PX6: A webhook address must be https" in page
    assert "This address cannot receive webhooks." in page
    assert sent(services, "POST", f"{MONEY}/webhooks")[-1]["events"] == ["threshold.changed"]
    response = posted(client, "/partner/webhooks", {**form, "url": "https://hooks.alpine.example/p",
                                                     "events": ["threshold.changed", "cashback.credited"]})
    page = text(response)
    assert response.status_code == 201 and "whsec_shown_once" in page
    assert "whsec_shown_once" not in text(client.get("/partner/webhooks"))
    assert "https://hooks.alpine.example/p" in text(client.get("/partner/webhooks"))


def test_px6_the_delivery_log_replays_pauses_and_removes_after_a_confirmation(client, services):
    services.hooks.append({"id": HOOK, "url": "https://hooks.alpine.example/p", "events": ["threshold.changed"],
                           "description": "", "active": True, "created_at": "2026-12-01T10:00:00Z"})
    path = f"/partner/webhooks/{HOOK}"
    page = text(client.get(path))
    assert "threshold.changed" in page and "failed" in page and "HTTP 500" in page
    response = posted(client, f"{path}/deliveries/{DELIVERY}/replay", {}, path)
    assert response.status_code == 303 and response.headers["Location"] == path
    assert "is sent again" in text(client.get(path))
    assert posted(client, f"{path}/active", {"active": "0"}, path).status_code == 303
    assert sent(services, "PATCH", f"{MONEY}/webhooks/{HOOK}") == [{"active": False}]
    assert "paused" in text(client.get(path))
    assert posted(client, f"{path}/removal", {}, path).status_code == 200
    assert not sent(services, "DELETE", f"{MONEY}/webhooks/{HOOK}")
    response = posted(client, f"{path}/removal", {"confirmed": "1"}, path)
    assert response.status_code == 303 and response.headers["Location"] == "/partner/webhooks"
    assert client.get(path).status_code == 404
