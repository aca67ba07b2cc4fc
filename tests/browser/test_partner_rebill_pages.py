"""The partner's own business in a real browser against the whole system (issue 12, PA9, PX5):
a partner that pays for its client sets its branding with a logo (a wrong logo refused next to
the field first) and a markup rule for the client (a wrong value refused next to the field);
the client renews a product, billing invoices the partner and the client receives the partner's
branded invoice (its own number, mailed), listed on the partner's page with its PDF through the
portal; the margin report shows cost against resale; a rule in a month already invoiced is
refused with PX5's sentence; a future rule is removed after a confirmation; the client's billing
data downloads as CSV (PA9); the pages read in German. Every page is checked by axe-core."""
import csv
import io
import os
from datetime import date

from PIL import Image

from services.common import clock

from tests.e2e.system import wait_until

from .partner_support import approved_partner, paid_products, signed_up
from .test_billing import _click, _flash

PAUL = "paul@helvetic-partners.example"
LEA = "lea@alpine-web.example"
QR_IBAN = "CH44 3199 9123 0008 8901 2"


def _arrange(system):
    """Helvetic Partners pays for Alpine Web (full access, PA8) and Alpine Web has a paid domain."""
    paul, helvetic = approved_partner(system, PAUL, "Helvetic Partners")
    lea = signed_up(system, LEA, "Alpine Web")
    alpine = lea.organization_id()
    products = paid_products(lea, alpine, ["alpine-web.ch"])
    link = paul.call("POST", "partner", f"/v1/partners/{helvetic}/links", json={
        "client": {"organization_id": alpine}, "scope": {"scope": "full", "products": None, "billing": False},
        "payer": "partner"})
    lea.call("POST", "partner", f"/v1/clients/{alpine}/links/{link['id']}/approval", json={})
    product = products["alpine-web.ch"]
    wait_until(lambda: lea.call("GET", "billing", f"/v1/organizations/{alpine}/products/{product}")
               ["billed_organization_id"] == helvetic, what="billing's payer route to the partner")
    return paul, helvetic, lea, alpine, product


def _images(folder):
    logo, big = folder / "logo.png", folder / "big.png"
    Image.new("RGB", (240, 80), (20, 80, 160)).save(logo, "PNG")
    Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3)).save(big, "PNG")  # noise: over 200 kB
    assert big.stat().st_size > 200_000
    return logo, big


def _branding(visitor, page, tmp_path):
    logo, big = _images(tmp_path)
    visitor.go("/partner/rebilling")
    page.wait_for_selector("#branding-form")
    visitor.shot("rebilling")
    for field, value in (("name", "Helvetic Partners SA"), ("street", "Rue du Lac 1"), ("postal_code", "1003"),
                         ("city", "Lausanne"), ("country", "CH"), ("vat_number", "CHE-116.281.710 TVA"),
                         ("qr_iban", QR_IBAN), ("number_prefix", "HP")):
        page.fill(f"#f-{field}", value)
    page.select_option("#f-currency", "CHF")
    page.set_input_files("#f-logo", str(big))
    _click(page, "#save-branding")
    assert "200 kB" in page.inner_text("#f-logo-error")
    visitor.shot("logo-refused")
    page.set_input_files("#f-logo", str(logo))
    _click(page, "#save-branding")
    assert "Your branding was saved" in _flash(page)
    assert "(PNG)" in page.inner_text("#branding-logo")


def _rule(visitor, page, alpine, value, starts, idempotency=True):
    page.select_option("#f-client", alpine)
    page.select_option("#f-family", "")
    page.check("#f-kind-percent")
    page.fill("#f-value", value)
    page.select_option("#f-rounding", "0.05")
    page.fill("#f-effective_from", starts)
    _click(page, "#add-rule")


def test_pa9_px5_a_partner_rebills_its_client_under_its_brand_and_reads_its_margins(visitor, tmp_path):
    system = visitor.system
    paul, helvetic, lea, alpine, product = _arrange(system)
    page = visitor.sign_in(PAUL)
    _branding(visitor, page, tmp_path)

    today = clock.today().isoformat()
    _rule(visitor, page, alpine, "a lot", today)  # bad input: next to the field, nothing added
    assert page.inner_text("#f-value-error") and page.locator("#markup-rules").count() == 0
    _rule(visitor, page, alpine, "10", today)
    assert "The markup rule was added" in _flash(page)
    assert page.locator("#markup-rules tbody tr").count() == 1 and "10 %" in page.inner_text("#markup-rules")
    visitor.shot("markup-rule")

    # The client renews: billing invoices the partner, and the client gets the partner's own invoice
    renewal = lea.call("POST", "billing", f"/v1/organizations/{alpine}/renewals",
                       json={"items": [{"product_id": product, "periods": 1}]})
    assert renewal["organization_id"] == helvetic
    visitor.go("/partner/branded-invoices")
    wait_until(lambda: page.reload() or page.locator("#branded-invoices tbody tr").count() == 1,
               what="the branded invoice on the partner's page")
    number = page.inner_text("#branded-invoices th.number")
    assert number.startswith("HP-") and "Alpine Web" in page.inner_text("#branded-invoices")
    visitor.shot("branded-invoices")
    href = page.get_attribute("#branded-invoices a[href$='/pdf']", "href")
    assert href.startswith("/partner/branded-invoices/")  # the portal's link, never billing's
    response = page.request.get(visitor.url(href))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    wait_until(lambda: any(number in (m["Subject"] or "") for m in visitor.mails_to(LEA)),
               what="the branded invoice mailed to the client")

    # The margin report: the month's cost against resale (10 % on top, rounded to 0.05)
    _click(page, "nav[aria-label='Partner programme pages'] >> text=Margins")
    row = page.locator(f"#margins tr[data-client='{alpine}']")
    assert row.count() == 1 and row.locator("td.count").inner_text() == "1"
    assert row.locator("td.margin").inner_text() != row.locator("td.resale").inner_text()
    visitor.shot("margins")

    # PX5: this month is now invoiced for the client: a rule taking effect in it is refused
    visitor.go("/partner/rebilling")
    _rule(visitor, page, alpine, "15", today)
    assert page.inner_text("#form-message").startswith("PX5:")
    visitor.shot("rule-refused")
    first_of_next = date.fromordinal(clock.today().replace(day=28).toordinal() + 4).replace(day=1).isoformat()
    _rule(visitor, page, alpine, "12.5", first_of_next)
    assert "The markup rule was added" in _flash(page)
    _click(page, "#markup-rules a.button.danger")
    _click(page, "#confirm")
    assert "The markup rule was removed." in _flash(page)
    assert page.locator("#markup-rules tbody tr").count() == 1

    # PA9: the client's billing data of the year, as CSV through the portal
    _click(page, "nav[aria-label='Partner programme pages'] >> text=Exports")
    page.select_option("#f-client", alpine)
    visitor.shot("exports")
    with page.expect_download() as download:
        page.click("#download-csv")
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert len(rows) >= 2 and any(renewal["number"] in row for row in rows[1:]), rows

    # The pages in German: nothing of ours left in English
    for path in ("/partner/rebilling", "/partner/branded-invoices", "/partner/margins", "/partner/exports"):
        visitor.go(path)
        if path == "/partner/rebilling":
            _click(page, "button[name=language][value=de]")
        visitor.assert_translated("de")
    visitor.shot("german")
    _click(page, "button[name=language][value=en]")
