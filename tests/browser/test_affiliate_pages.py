"""The affiliate pages against the whole system (issue 13, PA15, PA3): an individual joins the
programme and copies its link; a visitor opens it (the code is kept in a cookie that a second
affiliate's link does not replace) and signs up through identity's form, which carries the code;
an existing customer opens it while signed in and orders through the portal's order form, which
carries it too; both pay, and the dashboard shows the two referrals (by sign-up and by order),
their commissions, the server-drawn earnings chart and its table, in German too and on a phone.
A company applying to be a partner is refused with PA3's sentence. Every step is a screenshot
checked by axe-core. Payments and the second cart go through the APIs (tested in billing's own
pages): the pages under test are the affiliate's, the link and the forms carrying the code."""
from urllib.parse import parse_qs, urlparse

from tests.e2e.system import wait_until

from .harness import Visitor
from .partner_support import CARD, PASSWORD, SWISS_UID, Person, signed_up
from .test_partner_story import _click, _flash

IDA = "ida@muster.example"  # the affiliate, an individual
RITA = "rita@rotblau.example"  # signs up through Ida's link
OTTO = "otto@ostwind.example"  # a customer already: orders after opening the link
PETRA = "petra@pfeil-it.example"  # her company applied to be a partner (PA3)
NET = "9.50"  # a .ch domain for a year; the commission at 10 %: 0.95
ITEM = {"product_type": "domain-ch", "months": 12, "periods": 1, "units": 1, "warranty": False, "auto_renew": False}


def _join(visitor):
    system = visitor.system
    account = system.sign_up(IDA)
    wait_until(lambda: system.organizations_of(account["id"]), what="Ida's organization")
    page = visitor.sign_in(IDA)
    _click(page, "nav.site-nav >> text=Affiliate programme")
    assert page.locator("#join-button").count() == 1
    visitor.shot("join")
    _click(page, "#join-button")
    assert "joined the affiliate programme" in _flash(page)
    code, link = page.inner_text("#referral-code"), page.input_value("#referral-link")
    assert link == f"{system.url('portal')}/r/{code}" and page.locator("#no-referrals").count() == 1
    visitor.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=system.url("portal"))
    page.click("#copy-link")
    page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
    assert page.inner_text("#copy-status") == "The link is copied."
    assert page.evaluate("navigator.clipboard.readText()") == link
    visitor.shot("joined")
    return page, code, link


def _signs_up_through(rita, link, code):
    """The link keeps the code and leads to identity's sign-up, whose form carries it."""
    page = rita.page
    page.goto(link)
    page.wait_for_url("**/signup?referral_code=*")
    assert parse_qs(urlparse(page.url).query) == {"referral_code": [code]}
    assert {(c["name"], c["value"]) for c in rita.context.cookies(rita.url())} >= {("referral_code", code)}
    assert page.locator("input[type=hidden][name=referral_code]").get_attribute("value") == code
    page.fill("#first_name", "Rita")
    page.fill("#last_name", "Rot")
    page.fill("#email", RITA)
    page.fill("#password", PASSWORD)
    page.check("input[name=kind][value=company]")
    page.fill("#company_name", "Rotblau GmbH")
    rita.shot("sign-up-referred")
    _click(page, "form[action='/signup'] button[type=submit]")
    page.goto(rita.mail_link(RITA, r"http://\S+/verify-email\?token=[\w-]+"))
    page.goto(rita.url("/r/ABCDEFGH"))  # another affiliate's link: the first code stays
    assert parse_qs(urlparse(page.url).query) == {"referral_code": [code]}


def _orders_through_the_form(otto, code):
    """Signed in, Otto opens the link (home), then orders a .ch domain with the portal's form."""
    page = otto.sign_in(OTTO)
    page.goto(otto.url(f"/r/{code}"))
    page.wait_for_url(otto.url("/"))
    otto.go("/billing/order/add?type=domain-ch")
    page.fill("#f-name", "ostwind.ch")
    _click(page, "#add-to-cart")
    _click(page, "#place-order")
    assert "Pro-forma invoice" in page.inner_text("h1")
    otto.shot("ordered-after-the-link")


def _pay_everything(person):
    organization = person.organization_id()
    base = f"/v1/organizations/{organization}"
    profile = person.call("POST", "billing", base + "/payment-profiles", json=CARD)["id"]
    invoices = wait_until(lambda: person.call("GET", "billing", base + "/invoices")["items"], what="an invoice")
    for invoice in invoices:
        person.call("POST", "billing", f"{base}/invoices/{invoice['id']}/payments", json={"profile_id": profile})


def _order_by_api(person):
    base = f"/v1/organizations/{person.organization_id()}"
    cart = person.call("POST", "billing", base + "/orders", json={})
    person.call("POST", "billing", f"{base}/orders/{cart['id']}/items", json={**ITEM, "name": "rotblau.ch"})
    person.call("POST", "billing", f"{base}/orders/{cart['id']}/placement", json={})


def test_pa15_a_referral_by_sign_up_and_one_by_order_pay_and_the_commissions_appear(visitor, chromium):
    system = visitor.system
    signed_up(system, OTTO, "Ostwind AG")
    page, code, link = _join(visitor)
    ida = Person(system, IDA)
    ida_org = ida.organization_id()

    rita = Visitor(chromium, system, "test_affiliate_pages-rita")
    otto = Visitor(chromium, system, "test_affiliate_pages-otto")
    try:
        _signs_up_through(rita, link, code)
        _orders_through_the_form(otto, code)
    finally:
        rita.close()
        otto.close()
    rita_api, otto_api = Person(system, RITA), Person(system, OTTO)
    wait_until(lambda: rita_api.call("GET", "orgs", "/v1/organizations/mine"), what="Rita's organization")
    _order_by_api(rita_api)
    _pay_everything(rita_api)
    _pay_everything(otto_api)
    dashboard = f"/v1/affiliates/{ida_org}"
    wait_until(lambda: ida.call("GET", "partner", dashboard)["referrals"]["converted"] == 2, timeout=60,
               what="both referrals converted")

    page.reload()
    assert (page.inner_text("#signups"), page.inner_text("#referred"), page.inner_text("#converted")) == ("1", "2", "2")
    referrals = page.inner_text("#referrals")
    assert "Rotblau GmbH" in referrals and "sign-up" in referrals and "Ostwind AG" in referrals and "order" in referrals
    assert page.locator("#commissions tbody tr").count() == 2 and page.inner_text("#commissions").count("0.95") == 2
    assert "1.90" in page.inner_text("#balance")
    month = page.locator("#months tbody tr").last
    assert "1.90" in month.inner_text()
    bar = page.locator(f"#earnings-chart rect[data-kind=earned][data-month='{month.get_attribute('data-month')}']")
    assert int(bar.get_attribute("height")) > 0
    assert page.locator("#earnings-chart > title").count() == 1
    visitor.shot("dashboard-with-commissions")
    page.set_viewport_size({"width": 375, "height": 800})
    visitor.shot("dashboard-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    _click(page, "button[name=language][value=de]")
    visitor.assert_translated("de")
    assert "Empfehlungen" in page.inner_text("main")
    visitor.shot("dashboard-de")
    _click(page, "button[name=language][value=en]")

    _click(page, "main a.button.danger:has-text('Leave the programme')")
    visitor.shot("leave-confirm")
    _click(page, "#confirm")
    assert "left the affiliate programme" in _flash(page)
    assert page.locator("#affiliate-status").get_attribute("data-status") == "ended"
    assert page.locator("#referral-link").count() == 0 and "0.95" in page.inner_text("#commissions")
    visitor.shot("left")


def test_pa3_a_company_applying_to_be_a_partner_cannot_join_and_is_told_why(visitor):
    system = visitor.system
    petra = signed_up(system, PETRA, "Pfeil IT")
    organization = petra.organization_id()
    body = {"legal_name": "Pfeil IT SA", "register_country": "CH", "register_number": SWISS_UID,
            "website": "https://www.example.ch", "conditions_version": "2026-01", "accept_conditions": True}
    path = f"/v1/organizations/{organization}/application"
    # partner learns of the organization from orgs' event a moment after the sign-up
    wait_until(lambda: getattr(petra.call("POST", "partner", path, json=body, expect=None), "get",
                               lambda _key: None)("status") == "pending", what="Pfeil IT's application")
    page = visitor.sign_in(PETRA)
    visitor.go("/affiliate")
    _click(page, "#join-button")
    assert page.inner_text("#form-message").startswith("PA3: An organization cannot be both a partner and an affiliate")
    assert page.locator("#referral-code").count() == 0
    visitor.shot("pa3-refused")
