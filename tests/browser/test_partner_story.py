"""Issue 11's browser story, end to end against the whole system: a company applies to the
partner programme and provider staff approve it (PA1); it invites a client (PA4); the client
approves a limited scope (PA5); the partner assigns a collaborator (PA7) who manages the
product with technical rights and is refused the one with statistics only (PA6); the client
switches to full access with billing entrusted and the partner paying (PA5, PA8); the
collaborator sees the invoice issued after the switch in the partner's invoices; the client
stops the link in two steps (PA10) and the collaborator loses access at once. Every page is
a screenshot checked by axe-core."""
import re

from tests.e2e.system import wait_until

from .harness import Visitor
from .partner_support import LEA, PASSWORD, PAUL, SAM, STELLA, story_people


def _click(page, selector):
    with page.expect_navigation():
        page.click(selector)
    return page


def _flash(page):
    return page.inner_text("main .flash")


def _browser(chromium, system, name):
    return Visitor(chromium, system, f"test_partner_story-{name}")


def _apply_and_be_approved(paul_browser, stella_browser):
    page = paul_browser.sign_in(PAUL)
    page.click("nav.site-nav >> text=Partner programme")
    page.wait_for_selector("#apply")
    page.fill("#f-legal_name", "Helvetic Partners SA")
    page.select_option("#f-register_country", "CH")
    page.fill("#f-register_number", "CHE-116.281.710")
    page.fill("#f-website", "https://www.example.ch")
    page.check("#f-accept_conditions")
    paul_browser.shot("application")
    _click(page, "#apply")
    assert "Staff will review it" in _flash(page)
    paul_browser.shot("application-pending")
    staff = stella_browser.sign_in(STELLA)
    staff.click("nav.site-nav >> text=Applications to review")
    staff.wait_for_selector("#applications")
    stella_browser.shot("applications")
    _click(staff, "#applications a:has-text('Helvetic Partners SA')")
    _click(staff, "#approve")
    _click(staff, "#confirm")
    assert "is now a partner" in _flash(staff)
    stella_browser.shot("approved")
    page.reload()
    assert page.locator("#partner-status").count() == 1
    return page


def _invite(paul_browser, page):
    _click(page, "a:has-text('Add a client')")
    page.check("#f-client-email")
    page.fill("#f-email", LEA)
    page.check("#f-scope-full")  # the client may grant other rights than those asked (PA5)
    page.check("#f-payer-client")
    paul_browser.shot("invite")
    _click(page, "#send-request")
    assert "The request was sent to" in _flash(page)
    return re.search(r"/partner/clients/([0-9a-f-]{36})", page.url).group(1)


def _approve_limited(lea_browser, products):
    page = lea_browser.sign_in(LEA)
    page.click("nav.site-nav >> text=Partners")
    page.wait_for_selector("h1")
    _click(page, "nav[aria-label='Partner pages'] >> text=Requests")
    _click(page, "#requests a:has-text('Helvetic Partners')")
    page.check("#f-scope-limited")
    page.check(f"#f-technical-{products['alpine-web.ch']}")
    page.check(f"#f-statistics-{products['alpine-shop.ch']}")
    lea_browser.shot("approve-limited")
    _click(page, "#approve")
    assert "Helvetic Partners is now your partner." in _flash(page)
    lea_browser.shot("link-limited")
    return page


def _assign_sam(paul_browser, page, link_id, sam_id):
    paul_browser.go(f"/partner/clients/{link_id}")
    page.wait_for_selector("#client-products")
    page.select_option("#f-account_id", sam_id)
    _click(page, "#assign")
    assert page.locator("#assignments tbody tr").count() == 1
    paul_browser.shot("assigned")


def _sam_manages_one_product_and_not_the_other(sam_browser, sam, alpine, link_id, products):
    """PA6, PA7: the web domain (technical) is his to manage, the shop (statistics) is not: on the
    client's page, billing deciding with Sam's own token and orgs through the link."""
    page = sam_browser.sign_in(SAM)
    page.select_option("#organization-switcher", label="Helvetic Partners")
    _click(page, ".switcher button[type=submit]")
    sam_browser.go(f"/partner/clients/{link_id}")
    page.wait_for_selector("#client-products")
    sam_browser.shot("sam-client")
    web, shop = products["alpine-web.ch"], products["alpine-shop.ch"]
    _click(page, f"#warranty-{web}")
    assert "The renewal warranty of alpine-web.ch is now on." in _flash(page)
    assert page.inner_text(f"tr[data-product='{web}'] td.warranty .state") == "on"
    sam_browser.shot("sam-warranty-on")
    _click(page, f"#warranty-{shop}")
    assert "PA6: A partner sees and acts only within the access the client granted." in page.inner_text("#form-message")
    assert page.locator(f"tr[data-product='{shop}'] #option-refused").count() == 1
    assert page.inner_text(f"tr[data-product='{shop}'] td.warranty .state") == "off"
    sam_browser.shot("sam-refused")
    assert sam.call("GET", "billing", f"/v1/organizations/{alpine}/products/{shop}")["warranty"] is False
    assert sam.call("GET", "billing", f"/v1/organizations/{alpine}/products/{web}")["warranty"] is True
    return page


def _full_access_partner_pays(lea_browser, page):
    page.check("#f-scope-full")
    page.check("#f-billing")
    _click(page, "#save-scope")
    assert "The scope was changed" in _flash(page)
    page.check("#f-payer-partner")
    _click(page, "#save-payer")
    assert "Who pays was changed" in _flash(page)
    lea_browser.shot("full-access-partner-pays")


def _stop(lea_browser, page):
    _click(page, "a.button.danger:has-text('Stop the link')")
    _click(page, "#confirm")
    page.fill("#f-password", PASSWORD)
    lea_browser.shot("stop-password")
    _click(page, "#stop-link")
    assert "is stopped" in _flash(page)
    lea_browser.shot("stopped")


def test_pa1_pa4_pa5_pa6_pa7_pa8_pa10_the_partner_story(visitor, chromium):
    system = visitor.system
    paul, sam, helvetic, lea, alpine, products = story_people(system)
    stella_browser, lea_browser, sam_browser = (_browser(chromium, system, n) for n in ("stella", "lea", "sam"))
    try:
        page = _apply_and_be_approved(visitor, stella_browser)
        link_id = _invite(visitor, page)
        lea_page = _approve_limited(lea_browser, products)
        sam_id = sam.call("GET", "identity", "/v1/me")["id"]
        _assign_sam(visitor, page, link_id, sam_id)
        sam_page = _sam_manages_one_product_and_not_the_other(sam_browser, sam, alpine, link_id, products)

        _full_access_partner_pays(lea_browser, lea_page)
        # PA8: a renewal issued after the switch is the partner's invoice, seen by Sam there
        renewal = lea.call("POST", "billing", f"/v1/organizations/{alpine}/renewals",
                           json={"items": [{"product_id": products["alpine-web.ch"], "periods": 1}]})
        sam_page.click("nav.site-nav >> text=Invoices")
        sam_page.wait_for_selector("h1")
        wait_until(lambda: sam_page.reload() or sam_page.locator(f"a[href$='{renewal['id']}']").count() == 1,
                   what="the renewal invoice in the partner's invoices")
        sam_browser.shot("sam-invoices")
        assert lea.status("GET", "billing", f"/v1/organizations/{alpine}/invoices/{renewal['id']}") == 404

        _stop(lea_browser, lea_page)
        # PA10: at once, Sam reaches nothing of Alpine Web any more
        assert sam.status("GET", "billing", f"/v1/organizations/{alpine}/products") in (403, 404)
        sam_browser.go(f"/partner/clients/{link_id}")
        assert sam_page.locator("#client-products").count() == 0
        sam_browser.shot("sam-after-stop")
    finally:
        for browser in (stella_browser, lea_browser, sam_browser):
            browser.close()
