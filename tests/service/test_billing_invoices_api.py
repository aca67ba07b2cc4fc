"""Invoices and credit notes as an organization reads them (BI5, BI13, BI14): only members with
billing rights, as orgs' access check decides (anyone else: 404); another organization's ids
are not found; lists page newest first; PDFs are served as application/pdf."""
import uuid

import pytest

from services.billing import app as billing_app
from services.billing import credit_notes
from services.billing.models import Document, InvoiceLine
from services.common.money import Money
from tests.conftest import mint_user_token, service_config

from .billing_support import draft, issued, pdf_text
from .orgs_support import Person, add_member
from .served import orgs, serve  # noqa: F401 - fixtures


@pytest.fixture
def billing(tmp_path, databases, identity, orgs):  # noqa: F811 - the fixture imported above
    """Billing asking the real orgs over HTTP with its own token from the real identity."""
    identity_server = serve(identity)
    config = service_config(billing_app, tmp_path, databases, "billing",
                            TOKEN_URL=f"http://127.0.0.1:{identity_server.server_port}/oauth/token")
    config["SERVICE_URLS"] = {**config["SERVICE_URLS"], "orgs": orgs["url"]}
    app = billing_app.create_app(config)
    app.extensions["token_validator"].jwks._fetch = lambda: identity.extensions["token_validator"].jwks._fetch()
    yield app
    identity_server.shutdown()
    app.extensions["database"].close()


class Reader:
    """A person calling billing with a user token (scope `billing`)."""

    def __init__(self, person, identity, app):
        self.person, self.client = person, app.test_client()
        self.token = mint_user_token(identity.config["VAR_DIR"], identity.config["ISSUER"], person.id,
                                     "openid billing", ["billing"])

    def get(self, path, **query):
        return self.client.get(path, query_string=query, headers={"Authorization": f"Bearer {self.token}"})


@pytest.fixture
def company(orgs, identity, billing):  # noqa: F811
    """Anna (legal representative), Bea (collaborator with billing rights), Carl (collaborator
    without), each reading billing; and an organization of someone else."""
    anna, bea, carl = (Person(orgs["app"], identity, f"{name}@example.ch") for name in ("anna", "bea", "carl"))
    org = anna.create_org()
    add_member(org, bea, billing_rights=True)
    add_member(org, carl)
    other = Person(orgs["app"], identity, "olga@example.ch").create_org(name="Other SA")
    return {"org": org, "other": other, **{p.email[:4].rstrip("@"): Reader(p, identity, billing)
                                          for p in (anna, bea, carl)}}


def test_bi13_a_member_without_billing_rights_gets_404_for_every_billing_read(billing, company):
    invoice = issued(billing, company["org"])
    note = credit_notes.issue_credit_note(invoice.id, [{"invoice_line_id": invoice.lines.first().id,
                                                        "amount": Money(100, "CHF")}], "goodwill")
    base = f"/v1/organizations/{company['org']}"
    paths = ["/invoices", f"/invoices/{invoice.id}", f"/invoices/{invoice.id}/pdf", "/credit-notes",
             f"/credit-notes/{note.id}", f"/credit-notes/{note.id}/pdf"]
    for path in paths:
        assert company["carl"].get(base + path).status_code == 404, path
        seen = company["bea"].get(base + path)
        assert seen.status_code == 200, (path, seen.get_json())
    assert company["anna"].get(base + "/invoices").get_json()["items"][0]["number"] == invoice.number


def test_bi13_another_organizations_invoice_is_not_found_even_with_billing_rights(billing, company):
    theirs = issued(billing, company["other"])
    note = credit_notes.issue_credit_note(theirs.id, [{"invoice_line_id": theirs.lines.first().id,
                                                       "amount": Money(100, "CHF")}], "goodwill")
    base, anna = f"/v1/organizations/{company['org']}", company["anna"]
    for path in (f"/invoices/{theirs.id}", f"/invoices/{theirs.id}/pdf", f"/credit-notes/{note.id}",
                 f"/credit-notes/{note.id}/pdf", f"/invoices/{uuid.uuid4()}"):
        assert anna.get(base + path).status_code == 404, path
    assert anna.get(base + "/invoices").get_json() == {"items": [], "next_cursor": None}
    assert anna.get(f"/v1/organizations/{company['other']}/invoices").status_code == 404  # not her organization


def test_bi5_an_invoice_shows_its_lines_vat_per_line_and_rate_totals_and_credit_notes(billing, company):
    invoice = issued(billing, company["org"])
    hosting = invoice.lines.order_by(InvoiceLine.position).first()
    credit_notes.issue_credit_note(invoice.id, [{"invoice_line_id": hosting.id, "amount": Money(11900, "CHF")}],
                                   "unused unit")
    body = company["bea"].get(f"/v1/organizations/{company['org']}/invoices/{invoice.id}").get_json()
    assert body["number"] == invoice.number and body["status"] == "issued" and body["qr_reference"]
    assert [line["vat"]["amount"] for line in body["lines"]] == ["19.28", "1.22", "0.87"]
    assert body["lines"][0]["total"]["amount"] == "257.28" and body["lines"][0]["vat_rate"] == "8.1"
    assert [(r["rate"], r["net"]["amount"], r["vat"]["amount"]) for r in body["vat_rates"]] == [
        ("2.6", "33.33", "0.87"), ("8.1", "253.00", "20.50")]
    assert (body["net"]["amount"], body["vat"]["amount"], body["total"]["amount"]) == ("286.33", "21.37", "307.70")
    assert body["credited"]["amount"] == "128.64" and body["due"]["amount"] == "179.06"
    assert [n["total"]["amount"] for n in body["credit_notes"]] == ["128.64"]
    notes = company["bea"].get(f"/v1/organizations/{company['org']}/credit-notes").get_json()
    assert notes["items"][0]["invoice_id"] == str(invoice.id)


def test_bi5_invoices_page_newest_first_and_filter_by_status(billing, company, clock):
    from datetime import datetime, timedelta

    start = datetime(2026, 2, 1, 8, 0)
    made = []
    for day in range(5):
        clock.set(start + timedelta(days=day))
        made.append(issued(billing, company["org"]) if day % 2 == 0 else draft(billing, company["org"]))
    base, bea = f"/v1/organizations/{company['org']}/invoices", company["bea"]
    first = bea.get(base, limit=2).get_json()
    second = bea.get(base, limit=2, cursor=first["next_cursor"]).get_json()
    third = bea.get(base, limit=2, cursor=second["next_cursor"]).get_json()
    seen = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert seen == [str(i.id) for i in reversed(made)] and third["next_cursor"] is None
    drafts = bea.get(base, status="draft").get_json()["items"]
    assert [d["number"] for d in drafts] == [None, None]
    assert bea.get(base, cursor="not-a-cursor").status_code == 422
    assert bea.get(base, cursor="9" * 17 + "-" + "0" * 32).get_json()["items"][0]["id"] == str(made[-1].id)


def test_bi5_pdfs_are_served_and_kept_a_draft_is_a_pro_forma_each_time(billing, company, tmp_path):
    base, bea = f"/v1/organizations/{company['org']}/invoices", company["bea"]
    proforma = draft(billing, company["org"])
    response = bea.get(f"{base}/{proforma.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "PRO-FORMA" in pdf_text(response.data, tmp_path)
    assert Document.select().count() == 0  # a draft may still change: never kept
    invoice = issued(billing, company["org"])
    response = bea.get(f"{base}/{invoice.id}/pdf")
    assert response.status_code == 200 and invoice.number in pdf_text(response.data, tmp_path)
    assert f'filename="{invoice.number}.pdf"' in response.headers["Content-Disposition"]
    assert bytes(Document.get_by_id(invoice.id).pdf) == response.data
    assert bea.get(f"{base}/{invoice.id}/pdf").data == response.data  # the kept one
