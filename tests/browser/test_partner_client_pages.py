"""The client's partner pages in a real browser against the whole system (issue 11): a
partner's request declined after a confirmation, asked again and approved with another scope
than the one asked (PA5); who pays refused to the partner with limited access (PA8), then
full access with billing entrusted and the partner paying; the activity feed of the partner's
staff filtered and downloaded as CSV through the portal (PX2); the link stopped in two steps,
a wrong password first (PA10), after which the partner is refused at once."""
import re

from tests.e2e.system import wait_until

from .harness import Visitor
from .partner_support import approved_partner, paid_products, request_link, signed_up

LEA = "lea@alpine-web.example"
PAUL = "paul@helvetic-partners.example"


def _click(page, selector):
    with page.expect_navigation():
        page.click(selector)
    return page


def _flash(page):
    return page.inner_text("main .flash")


def _arrange(system):
    partner, partner_id = approved_partner(system, PAUL, "Helvetic Partners")
    client = signed_up(system, LEA, "Alpine Web")
    client_id = client.organization_id()
    products = paid_products(client, client_id, ["alpine-web.ch", "alpine-shop.ch"])
    return partner, partner_id, client, client_id, products


def _open_request(visitor, page):
    page.click("nav.site-nav >> text=Partners")
    page.wait_for_selector("h1:has-text('My partners')")
    _click(page, "nav[aria-label='Partner pages'] >> text=Requests")
    page.wait_for_selector("#requests")
    visitor.shot("requests")
    _click(page, "#requests a")


def test_pa5_pa8_pa10_px2_requests_scope_payer_activity_and_stopping_from_the_clients_pages(visitor):
    system = visitor.system
    partner, partner_id, client, client_id, products = _arrange(system)
    web, shop = products["alpine-web.ch"], products["alpine-shop.ch"]
    asked = request_link(partner, partner_id, client_id, {web: {"technical": True, "statistics": False}})

    # PA5: declined after a confirmation page
    page = visitor.sign_in(LEA)
    _open_request(visitor, page)
    visitor.shot("request")
    _click(page, "a.button.danger:has-text('Decline the request')")
    assert "Decline the request of Helvetic Partners?" in page.inner_text("h1")
    visitor.shot("decline-confirmation")
    _click(page, "#confirm")
    assert "was declined" in _flash(page) and page.locator("#no-requests").count() == 1
    assert partner.call("GET", "partner", f"/v1/partners/{partner_id}/links/{asked['id']}")["status"] == "declined"

    # PA5: asked again, approved with another scope (statistics on one, technical on the other)
    asked = request_link(partner, partner_id, client_id, {web: {"technical": True, "statistics": False}})
    page.reload()
    _open_request(visitor, page)
    assert page.is_checked(f"#f-technical-{web}") and not page.is_checked(f"#f-technical-{shop}")
    page.uncheck(f"#f-technical-{web}")
    page.check(f"#f-statistics-{web}")
    page.check(f"#f-technical-{shop}")
    _click(page, "#approve")
    assert "Helvetic Partners is now your partner." in _flash(page)
    visitor.shot("link")
    link = partner.call("GET", "partner", f"/v1/partners/{partner_id}/links/{asked['id']}")
    assert link["status"] == "active" and link["scope"] == "limited"
    assert link["products"] == {web: {"technical": False, "statistics": True}, shop: {"technical": True,
                                                                                    "statistics": False}}

    # PA8: the partner cannot pay with limited access: the rule's sentence, nothing changed
    page.check("#f-payer-partner")
    _click(page, "#save-payer")
    assert "PA8:" in page.inner_text("#form-message")
    visitor.shot("payer-refused")
    # full access with billing entrusted, then the partner pays
    page.check("#f-scope-full")
    page.check("#f-billing")
    _click(page, "#save-scope")
    assert "The scope was changed" in _flash(page)
    page.check("#f-payer-partner")
    _click(page, "#save-payer")
    assert "Who pays was changed" in _flash(page) and "The partner pays".lower() in page.inner_text(
        "#link-terms").lower()
    visitor.shot("full-access-partner-pays")

    # PX2: what the partner's people did through the link, filtered, then as CSV
    # A write through the link (reads are not audited): the partner switches a product's renewal off.
    partner.call("PUT", "billing", f"/v1/organizations/{client_id}/products/auto-renewal",
                 json={"product_ids": [shop], "enabled": False})
    page.click("nav[aria-label='Partner pages'] >> text=Activity")
    page.wait_for_selector("#activity-filters")
    wait_until(lambda: (page.reload(), page.locator("#activity tbody tr").count() > 0)[1], timeout=20,
               what="the partner's activity")
    page.select_option("#f-link_id", asked["id"])
    _click(page, "#filter")
    assert PAUL in page.inner_text("#activity") or "paul" in page.inner_text("#activity").lower()
    visitor.shot("activity")
    href = page.get_attribute("#download-csv", "href")
    assert href.startswith("/partners/activity.csv") and "link_id=" in href  # the portal's, same filters
    csv = page.request.get(visitor.url(href))
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
    assert PAUL in csv.text() and asked["id"] in csv.text()

    # PA10: two steps, the second with the password; a wrong one changes nothing
    page.click("nav[aria-label='Partner pages'] >> text=My partners")
    page.wait_for_selector("#links")
    _click(page, "#links a")
    _click(page, "a.button.danger:has-text('Stop the link')")
    visitor.shot("stop-confirmation")
    _click(page, "#confirm")
    page.fill("#f-password", "not my password")
    _click(page, "#stop-link")
    assert page.get_attribute("#f-password", "aria-invalid") == "true"
    assert partner.call("GET", "partner", f"/v1/partners/{partner_id}/links/{asked['id']}")["status"] == "active"
    visitor.shot("stop-wrong-password")
    page.fill("#f-password", "correct horse battery")
    _click(page, "#stop-link")
    assert "is stopped" in _flash(page) and page.locator("#closed-links").count() == 1
    visitor.shot("stopped")
    assert partner.status("GET", "billing", f"/v1/organizations/{client_id}/products") in (403, 404)  # at once


def test_a_partner_is_found_by_name_and_authorized_on_the_clients_own_initiative_usable_at_375_px_and_in_german(
        visitor, chromium):
    system = visitor.system
    partner, partner_id, client, client_id, products = _arrange(system)
    small = Visitor(chromium, system, "test_partner_find-375", width=375)
    try:
        page = small.sign_in(LEA)
        small.go("/partners/find")
        page.fill("#f-q", "helvetic")
        _click(page, "#search")
        assert page.locator("#partners-found tbody tr").count() == 1
        # nothing wider than the screen (tables scroll inside their wrapper)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        small.shot("find-375")
        _click(page, "#partners-found a.button")
        page.check(f"#f-technical-{products['alpine-web.ch']}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        small.shot("authorize-375")
        _click(page, "#authorize")
        assert "Helvetic Partners is now your partner." in _flash(page)
        links = partner.call("GET", "partner", f"/v1/partners/{partner_id}/links", params={"status": "active"})
        assert [l["initiated_by"] for l in links["items"]] == ["client"]
    finally:
        small.close()
    # one page in German: nothing of ours left in English
    page = visitor.sign_in(LEA)
    visitor.go("/partners/links")
    _click(page, "button[name=language][value=de]")
    visitor.assert_translated("de")
    visitor.shot("links-de")
    assert re.search(r"Meine Partner", page.inner_text("h1"))
