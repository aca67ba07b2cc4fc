"""PX5 in billing: a partner that pays for its clients rebills them. Its branding and markup
rules through the API; when billing issues the partner an invoice covering a client's products
and a rule applies, the client gets the partner's branded invoice (own gap-free number series,
VAT at the client's country's rates, PDF with the Swiss QR-bill naming the partner as creditor,
a mail) and billing.branded_invoice.issued; the margin report reads what was invoiced then."""
import base64
import io
import json
import uuid
from datetime import date, datetime

import pytest
from peewee import IntegrityError
from PIL import Image

from services.billing import branded_invoices, invoicing
from services.billing.models import BillingAddress, OutboxEvent, OutboundMessage, db
from services.billing.rebilling_models import BrandedInvoice, BrandedInvoiceLine, BrandedNumberSequence
from services.common.money import Money
from tests.conftest import mint_user_token

from .billing_runs_support import configure, product
from .billing_served import billing, emitted, orgs  # noqa: F401 - fixtures
from .billing_support import pdf_text, qr_codes_on_last_page
from .test_billing_payer import Link, client_and_partner, deliver

QR_IBAN = "CH44 3199 9123 0008 8901 2"
BRANDING = {"name": "Agency Web GmbH", "street": "Seestrasse 5", "postal_code": "8002", "city": "Zürich",
            "country": "CH", "vat_number": "CHE-109.322.551 MWST", "currency": "CHF", "qr_iban": QR_IBAN,
            "number_prefix": "AG"}


def png(size=(40, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def setup(billing, clock):  # noqa: F811
    clock.set(datetime(2026, 3, 10, 9, 0))
    configure(billing.app.config)  # orgs' contacts stand-in: one billing contact, compta@alpine.ch
    team, partner, legal = client_and_partner(billing)
    BillingAddress.create(organization_id=team.org, name="Alpine Web AG", street="Bahnhofstrasse 1",
                          postal_code="8001", city="Zürich", country="CH", is_default=True)
    Link(billing, team.org, partner).send("approved")
    hosting = product(team.org, date(2027, 3, 31), type="web-hosting", family="hosting", name="alpine-web.ch")
    domain = product(team.org, date(2027, 3, 31))
    return billing, team, partner, legal, hosting, domain


def issue_to_partner(billing, partner, products, cost_minor=(10000, 2000)):  # noqa: F811
    """Billing invoices the partner for its client's products (as a renewal does) and its own
    billing.invoice.issued reaches billing's consumer: the branded invoices it made."""
    lines = [{"kind": "renewal", "description": f"{p.type}: {p.name}", "unit_price": Money(cost, "CHF"),
              "vat_category": "standard", "product_id": p.id, "product_type": p.type}
             for p, cost in zip(products, cost_minor)]
    with db.atomic():
        invoice = invoicing.create_draft(partner, "CHF", lines, billing.app.config["VAT_RATES"])
        invoicing.issue(invoice, {}, {p.type: p.family for p in products}, {p.id: p.organization_id for p in products})
    row = OutboxEvent.select().where(OutboxEvent.type == "billing.invoice.issued").order_by(OutboxEvent.seq.desc()).get()
    assert deliver(billing, json.loads(row.envelope)) == "applied"
    return invoice, list(BrandedInvoice.select().where(BrandedInvoice.source_invoice_id == invoice.id))


def rule(legal, partner, status=201, **fields):
    response = legal.post(f"/v1/partners/{partner}/markup-rules", {"rounding": "0.05", **fields})
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_px5_branding_rules_and_a_branded_invoice_with_its_own_series_pdf_qr_bill_mail_and_event(setup, clock,
                                                                                                   tmp_path):
    billing, team, partner, legal, hosting, domain = setup
    base = f"/v1/partners/{partner}"
    assert legal.get(f"{base}/branding").status_code == 404
    put = legal.put(f"{base}/branding", {**BRANDING, "logo": base64.b64encode(png()).decode()})
    assert put.status_code == 200 and put.get_json()["logo_type"] == "image/png", put.get_json()
    # No rule yet: the partner's invoice makes no branded invoice.
    assert issue_to_partner(billing, partner, [hosting, domain])[1] == []
    rule(legal, partner, kind="percent", percent="10", effective_from="2026-03-01")  # partner default
    rule(legal, partner, kind="amount", amount={"amount": "7.00", "currency": "CHF"}, family="hosting",
         client_organization_id=team.org, effective_from="2026-03-01")  # client and family: wins for hosting
    invoice, [branded] = issue_to_partner(billing, partner, [hosting, domain], (10003, 2000))
    assert branded.number == "AG-2026-000001" and str(branded.client_organization_id) == team.org
    detail = legal.get(f"{base}/branded-invoices/{branded.id}").get_json()
    assert [(l["cost"]["amount"], l["net"]["amount"], l["vat"]["amount"]) for l in detail["lines"]] == [
        ("100.03", "107.05", "8.67"), ("20.00", "22.00", "1.78")]  # +7.00 to 0.05; +10 %; VAT 8.1 % (CH)
    assert detail["cost"]["amount"] == "120.03" and detail["total"]["amount"] == "139.50"
    [event] = emitted("billing.branded_invoice.issued")
    assert event["number"] == "AG-2026-000001" and event["cost_minor"] == 12003 and event["month"] == "2026-03"
    assert event["source_invoice_id"] == str(invoice.id) and event["total_minor"] == 13950
    [mail] = OutboundMessage.select().where(OutboundMessage.subject.contains("AG-2026-000001"))
    assert mail.recipient == "compta@alpine.ch" and "Agency Web GmbH" in mail.text and "139.50 CHF" in mail.text
    # The PDF: the partner as seller and creditor, the client as buyer, the QR-bill's code.
    response = legal.get(f"{base}/branded-invoices/{branded.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data, tmp_path).split())
    for expected in ("Agency Web GmbH", "Seestrasse 5", "CHE-109.322.551 MWST", "Alpine Web AG", "AG-2026-000001",
                     "Total CHF 139.50", "Payment part"):
        assert expected in text, expected
    [code] = qr_codes_on_last_page(response.data, tmp_path)
    fields = code.split("\r\n")
    assert fields[3] == QR_IBAN.replace(" ", "") and fields[5] == "Agency Web GmbH" and fields[18:20] == ["139.50", "CHF"]
    assert fields[21] == "Alpine Web AG" and fields[27:29] == ["QRR", branded.qr_reference]
    # The series counts on without a gap; a repeated event adds nothing.
    clock.advance(minutes=5)
    _second, [again] = issue_to_partner(billing, partner, [domain], (2000,))
    assert again.number == "AG-2026-000002"
    with pytest.raises(IntegrityError, match="BI5"), db.atomic():  # the series only counts up by one
        BrandedNumberSequence.update(last_number=BrandedNumberSequence.last_number + 2).execute()
    # Issued is final: the database itself refuses to change or remove an invoice or its lines.
    for change in (BrandedInvoice.update(total_minor=1).where(BrandedInvoice.id == branded.id),
                   BrandedInvoice.delete().where(BrandedInvoice.id == branded.id),
                   BrandedInvoiceLine.update(net_minor=1).where(BrandedInvoiceLine.branded_invoice == branded.id),
                   BrandedInvoiceLine.delete().where(BrandedInvoiceLine.branded_invoice == branded.id)):
        with pytest.raises(IntegrityError, match="PX5"), db.atomic():
            change.execute()
    assert BrandedInvoice.get_by_id(branded.id).total_minor == 13950
    assert branded_invoices.on_invoice_issued({"organization_id": partner, "invoice_id": invoice.id,
                                               "order_id": None, "lines": []}) == []
    listed = legal.get(f"{base}/branded-invoices?client={team.org}&month=2026-03").get_json()["items"]
    assert [i["number"] for i in listed] == ["AG-2026-000002", "AG-2026-000001"]


def test_px5_a_rule_may_not_take_effect_in_an_invoiced_month_and_the_margin_report_keeps_what_was_invoiced(
        setup, clock):
    billing, team, partner, legal, hosting, domain = setup
    base = f"/v1/partners/{partner}"
    assert legal.put(f"{base}/branding", BRANDING).status_code == 200
    first = rule(legal, partner, kind="percent", percent="20", effective_from="2026-03-01")
    issue_to_partner(billing, partner, [hosting, domain])  # March: 120.00 at cost, 144.00 resold
    refused = rule(legal, partner, 422, kind="percent", percent="50", effective_from="2026-03-15",
                   client_organization_id=team.org)
    assert refused["rule"] == "PX5"
    assert legal.delete(f"{base}/markup-rules/{first['id']}").json["rule"] == "PX5"  # in effect: history
    later = rule(legal, partner, kind="percent", percent="50", effective_from="2026-04-01")
    clock.set(datetime(2026, 4, 2, 9, 0))
    issue_to_partner(billing, partner, [domain], (2000,))  # April: 20.00 at cost, 30.00 resold
    report = legal.get(f"{base}/margins?from=2026-03&to=2026-04").get_json()["items"]
    assert [(r["month"], r["cost"]["amount"], r["resale"]["amount"], r["margin"]["amount"], r["invoices"])
            for r in report] == [("2026-03", "120.00", "144.00", "24.00", 1), ("2026-04", "20.00", "30.00", "10.00", 1)]
    assert report[0]["client_name"] == "Alpine Web AG"
    future = rule(legal, partner, kind="percent", percent="5", effective_from="2026-06-01")
    assert legal.delete(f"{base}/markup-rules/{future['id']}").status_code == 204
    assert [r["id"] for r in legal.get(f"{base}/markup-rules").get_json()["items"]] == [first["id"], later["id"]]


def test_px5_only_the_partners_managers_see_its_rebilling_and_another_partners_ids_are_not_found(setup):
    billing, team, partner, legal, hosting, domain = setup
    base = f"/v1/partners/{partner}"
    legal.put(f"{base}/branding", BRANDING)
    assert team.legal.get(f"{base}/branding").status_code == 404  # does not reach the partner organization
    other_legal = billing.person("legal@other.example")
    other = billing.organization(other_legal, "Other Agency")
    mine = rule(legal, partner, kind="percent", percent="10", effective_from="2026-12-01")
    assert other_legal.delete(f"/v1/partners/{other}/markup-rules/{mine['id']}").status_code == 404
    assert legal.put(f"{base}/branding", {**BRANDING, "logo": base64.b64encode(b"GIF89a...").decode()}
                     ).get_json()["rule"] == "PX5"
    too_large = legal.put(f"{base}/branding", {**BRANDING, "logo": base64.b64encode(png((900, 900)) + b"0" * 210_000)
                                               .decode()})
    assert too_large.status_code == 422 and too_large.get_json()["rule"] == "PX5"
    bad = legal.put(f"{base}/branding", {**BRANDING, "qr_iban": "CH93 0076 2011 6238 5295 7"})
    assert bad.status_code == 422 and "qr_iban" in json.dumps(bad.get_json())
    assert legal.get(f"{base}/branded-invoices/{uuid.uuid4()}").status_code == 404
    staff = billing.person("staff@partner-portal.example")
    staff.token = mint_user_token(billing.identity.config["VAR_DIR"], billing.identity.config["ISSUER"], staff.id,
                                  "openid orgs billing staff", billing.AUDIENCE, ttl=1800)
    assert staff.get(f"{base}/branding").get_json()["name"] == BRANDING["name"]  # staff read
    assert staff.get(f"{base}/markup-rules").get_json()["items"][0]["id"] == mine["id"]
    assert staff.put(f"{base}/branding", BRANDING).status_code == 404  # and never write
