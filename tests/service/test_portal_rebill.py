"""The partner's own business in the portal without a browser (PA9, PX5): the portal in-process,
its calls answered by a small fake of billing's partner API (the contract of issue 12) and
partner's links, so that the pages' own behaviour is tested: the CSV streamed through with the
period checked, the branding with its logo checked before billing sees it, markup rules sent as
billing takes them (PX5's sentence when refused), removal only after a confirmation, branded
invoices filtered and their PDF, the margin report with its totals. The real endpoints are in
tests/browser/test_partner_rebill_pages.py."""
import base64
import io
import uuid
from datetime import datetime, timezone

import pytest

from services.common.errors import BadRequest, NotFound, RuleViolation
from services.portal.apis import base
from tests.service.test_portal_partner import CLIENT, LINK, ORG, FakeServices, posted, sent, signed_in

PARTNER = f"/v1/partners/{ORG}"
RULE = str(uuid.uuid4())
INVOICE = str(uuid.uuid4())
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


class Streamed:
    """What base.call(raw=True, stream=True) answers: a requests.Response's iter_content."""

    def __init__(self, chunks, content=b""):
        self.chunks, self.content, self.headers = chunks, content, {"Content-Type": "application/pdf"}

    def iter_content(self, size):
        yield from self.chunks


class FakeBilling(FakeServices):
    def __init__(self):
        super().__init__()
        self.link.update(scope="full", payer="partner", products=None)
        self.branding, self.rules = None, []

    def __call__(self, service, method, path, raw=False, json=None, params=None, headers=None, **kwargs):
        if service == "billing" and path.startswith(PARTNER):
            self.calls.append((service, method, path, json, params))
            return self.rebilling(method, path[len(PARTNER):], json, params or {})
        return super().__call__(service, method, path, raw, json, params, headers, **kwargs)

    def rebilling(self, method, path, body, params):
        if path == f"/clients/{CLIENT}/billing.csv":
            return Streamed([b"invoice_number,line,net\n", b"2026-0001,bergbau.ch,12.00\n"])
        if path == "/branding":
            if method == "PUT":
                if body["country"] == "XX":
                    raise BadRequest("invalid", errors={"json": {"country": ["Not a valid country."]}})
                if body["currency"] == "CHF" and not (body["iban"] or body["qr_iban"]):
                    raise RuleViolation("PX5", "A CHF branding needs an IBAN or a QR-IBAN for its QR-bills.")
                kept = (self.branding or {}).get("logo_type")
                self.branding = {k: v for k, v in body.items() if k != "logo"}
                self.branding["logo_type"] = ("image/png" if body["logo"] else None) if "logo" in body else kept
            if self.branding is None:
                raise NotFound("no branding yet")
            return self.branding
        if path == "/markup-rules":
            if method == "POST":
                if body["effective_from"] < "2026-04-01":
                    raise RuleViolation("PX5", "month already invoiced")
                self.rules.append({**body, "id": RULE})
                return self.rules[-1]
            return self.rules
        if path == f"/markup-rules/{RULE}":
            self.rules = []
            return None
        if path == "/branded-invoices":
            return {"items": [{"id": INVOICE, "number": "HP-2026-0001", "client_organization_id": CLIENT,
                               "month": "2026-05", "issued_at": "2026-05-03T08:00:00Z",
                               "net": {"amount": "110.00", "currency": "CHF"},
                               "vat": {"amount": "8.91", "currency": "CHF"},
                               "total": {"amount": "118.91", "currency": "CHF"}}],
                    "next_cursor": None if params.get("cursor") else "c2"}
        if path == f"/branded-invoices/{INVOICE}":
            return {"id": INVOICE, "number": "HP-2026-0001"}
        if path == f"/branded-invoices/{INVOICE}/pdf":
            return Streamed([], b"%PDF-1.4 branded")
        if path == "/margins":
            def money(amount):
                return {"amount": amount, "currency": "CHF"}
            return [{"client_organization_id": CLIENT, "client_name": "Bergbau AG", "month": month,
                     "cost": money(cost), "resale": money(resale), "margin": money(margin), "invoices": 1}
                    for month, cost, resale, margin in (("2026-04", "100.00", "110.00", "10.00"),
                                                        ("2026-05", "50.05", "55.10", "5.05"))]
        raise BadRequest(f"the fake has no {method} {path}")


@pytest.fixture
def services(monkeypatch, clock):
    clock.set(datetime(2026, 5, 20, 9, 0, tzinfo=timezone.utc))
    fake = FakeBilling()
    monkeypatch.setattr(base, "call", fake)
    return fake


@pytest.fixture
def client(tmp_path, services):
    return signed_in(tmp_path)


def test_the_partner_pages_of_its_own_business_are_in_its_navigation(client, services):
    page = client.get("/partner/exports").get_data(as_text=True)
    for label in ("Exports", "Rebilling", "Branded invoices", "Margins"):
        assert f">{label}</a>" in page
    assert 'value="2026-01-01"' in page and 'value="2026-05-20"' in page and "Bergbau AG" in page


def test_pa9_the_csv_is_streamed_from_billing_for_the_client_and_period(client, services):
    response = client.get(f"/partner/exports/billing.csv?client={CLIENT}&from=2026-01-01&to=2026-03-31")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data() == b"invoice_number,line,net\n2026-0001,bergbau.ch,12.00\n"
    assert [c[4] for c in services.calls if c[2].endswith("billing.csv")] == [{"from": "2026-01-01", "to": "2026-03-31"}]


def test_pa9_a_period_ending_before_it_starts_or_another_client_is_refused_beside_the_field(client, services):
    response = client.get(f"/partner/exports/billing.csv?client={CLIENT}&from=2026-03-01&to=2026-02-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="f-to-error"' in page and "text/html" in response.content_type
    response = client.get(f"/partner/exports/billing.csv?client={uuid.uuid4()}&from=2026-01-01&to=2026-02-01")
    assert response.status_code == 422 and 'id="f-client-error"' in response.get_data(as_text=True)
    assert not [c for c in services.calls if c[2].endswith("billing.csv")]


def test_px5_the_branding_is_saved_with_its_logo_and_a_wrong_logo_changes_nothing(client, services):
    page = client.get("/partner/rebilling").get_data(as_text=True)
    assert 'value="Alpine Web"' in page and 'value="INV"' in page and 'id="branding-logo"' not in page
    branding = {"name": "Helvetic Partners SA", "street": "Rue du Lac 1", "postal_code": "1003", "city": "Lausanne",
                "country": "ch", "vat_number": "CHE-116.281.710 MWST", "iban": "", "qr_iban": "CH44 3199 9123 0008 8901 2",
                "currency": "CHF", "number_prefix": "hp"}
    too_big = (io.BytesIO(PNG + b"\0" * 200_000), "logo.png", "image/png")
    response = posted(client, "/partner/rebilling/branding", {**branding, "logo": too_big}, "/partner/rebilling")
    assert response.status_code == 422 and 'id="f-logo-error"' in response.get_data(as_text=True)
    assert not sent(services, "PUT", f"{PARTNER}/branding")
    response = posted(client, "/partner/rebilling/branding", {**branding, "logo": (io.BytesIO(PNG), "logo.gif", "image/gif")},
                      "/partner/rebilling")
    assert response.status_code == 422
    response = posted(client, "/partner/rebilling/branding", {**branding, "logo": (io.BytesIO(PNG), "logo.png", "image/png")},
                      "/partner/rebilling")
    assert response.status_code == 303
    saved = sent(services, "PUT", f"{PARTNER}/branding")[-1]
    assert saved["country"] == "CH" and saved["iban"] is None and saved["number_prefix"] == "HP"
    assert saved["logo"] == base64.b64encode(PNG).decode()
    page = client.get("/partner/rebilling").get_data(as_text=True)
    assert "Your branding was saved" in page and 'id="branding-logo"' in page and "(PNG)" in page
    response = posted(client, "/partner/rebilling/branding", {**branding, "country": "XX"}, "/partner/rebilling")
    assert response.status_code == 422 and 'id="f-country-error"' in response.get_data(as_text=True)
    assert "logo" not in sent(services, "PUT", f"{PARTNER}/branding")[-1]  # no new file: billing keeps the logo
    response = posted(client, "/partner/rebilling/branding", {**branding, "qr_iban": ""}, "/partner/rebilling")
    assert response.status_code == 422 and "PX5: Rebilling: a branding in CHF needs an IBAN" in response.get_data(
        as_text=True)
    assert posted(client, "/partner/rebilling/branding", {**branding, "remove_logo": "1"},
                  "/partner/rebilling").status_code == 303
    assert sent(services, "PUT", f"{PARTNER}/branding")[-1]["logo"] is None
    assert 'id="branding-logo"' not in client.get("/partner/rebilling").get_data(as_text=True)


def test_px5_a_markup_rule_is_sent_as_billing_takes_it_and_a_month_already_invoiced_shows_px5(client, services):
    rule = {"client": CLIENT, "family": "hosting", "kind": "percent", "value": "12,5", "rounding": "0.05",
            "effective_from": "2026-03-01", "idempotency_key": "k1"}
    response = posted(client, "/partner/rebilling/rules", rule, "/partner/rebilling")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "PX5: Rebilling:" in page
    assert 'value="k1"' not in page  # the corrected form is another request
    response = posted(client, "/partner/rebilling/rules", {**rule, "value": "a lot"}, "/partner/rebilling")
    assert response.status_code == 422 and 'id="f-value-error"' in response.get_data(as_text=True)
    response = posted(client, "/partner/rebilling/rules", {**rule, "effective_from": "2026-06-01"},
                      "/partner/rebilling")
    assert response.status_code == 303
    assert sent(services, "POST", f"{PARTNER}/markup-rules")[-1] == {
        "client_organization_id": CLIENT, "family": "hosting", "kind": "percent", "percent": "12.5",
        "rounding": "0.05", "effective_from": "2026-06-01"}
    response = posted(client, "/partner/rebilling/rules", {**rule, "client": "", "family": "", "kind": "amount",
                                                           "value": "5", "effective_from": "2026-06-01"},
                      "/partner/rebilling")
    assert response.status_code == 303
    amount = sent(services, "POST", f"{PARTNER}/markup-rules")[-1]["amount"]
    assert (amount["amount"], amount["currency"]) == ("5.00", "CHF")
    page = client.get("/partner/rebilling").get_data(as_text=True)
    assert "12.5 %" in page and "Web hosting" in page and "Bergbau AG" in page and "All clients" in page


def test_px5_a_rule_not_yet_in_effect_is_removed_after_a_confirmation(client, services):
    services.rules = [{"id": RULE, "client_organization_id": None, "family": None, "kind": "percent",
                       "percent": "10", "rounding": "0.01", "effective_from": "2026-06-01"}]
    page = client.get("/partner/rebilling").get_data(as_text=True)
    assert f"/partner/rebilling/rules/{RULE}/removal" in page
    path = f"/partner/rebilling/rules/{RULE}/removal"
    assert posted(client, path, {}, "/partner/rebilling").status_code == 200 and services.rules
    assert posted(client, path, {"confirmed": "1"}, "/partner/rebilling").status_code == 303 and not services.rules
    services.rules = [{"id": RULE, "client_organization_id": None, "family": None,
                       "kind": "percent", "percent": "10", "rounding": "0.01", "effective_from": "2026-05-01"}]
    assert f"/partner/rebilling/rules/{RULE}/removal" not in client.get("/partner/rebilling").get_data(as_text=True)


def test_px5_branded_invoices_are_filtered_paged_and_their_pdf_served(client, services):
    page = client.get(f"/partner/branded-invoices?client={CLIENT}&month=2026-05").get_data(as_text=True)
    assert "HP-2026-0001" in page and "Bergbau AG" in page and "118.91" in page and "cursor=c2" in page
    assert [c[4] for c in services.calls if c[2] == f"{PARTNER}/branded-invoices"][-1] == {
        "client": CLIENT, "month": "2026-05"}
    client.get("/partner/branded-invoices?client=someone-else&month=May")
    assert [c[4] for c in services.calls if c[2] == f"{PARTNER}/branded-invoices"][-1] is None
    response = client.get(f"/partner/branded-invoices/{INVOICE}/pdf")
    assert response.mimetype == "application/pdf" and response.get_data() == b"%PDF-1.4 branded"
    assert 'filename="HP-2026-0001.pdf"' in response.headers["Content-Disposition"]


def test_px5_the_margin_report_shows_each_month_and_exact_totals(client, services):
    page = client.get("/partner/margins").get_data(as_text=True)
    assert [c[4] for c in services.calls if c[2] == f"{PARTNER}/margins"][-1] == {"from": "2025-06", "to": "2026-05"}
    assert "2026-04" in page and "Total CHF" in page and "150.05" in page and "165.10" in page and "15.05" in page
    response = client.get("/partner/margins?from=2026-05&to=2026-01")
    assert response.status_code == 422 and 'id="f-to-error"' in response.get_data(as_text=True)
    assert len([c for c in services.calls if c[2] == f"{PARTNER}/margins"]) == 1
