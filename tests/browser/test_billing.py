"""Billing through the portal (issue 10's story): a company orders a web hosting and a .ch
domain, pays by card through 3-D Secure, opens the invoice's PDF through the portal, switches
automatic renewal on, tops up its prepaid account (a deposit of 0.05 refused first, BI8) and
pays a renewal half from the prepaid account and half by card. And BI13: a collaborator without
billing rights is not offered the invoices and cannot open one."""
import re

import requests

from tests.e2e.system import wait_until

from .harness import Visitor

LEA = "lea@alpine-web.example"
BOB = "bob@bergbau.example"
PASSWORD = "correct horse battery"
THREE_D_SECURE_VISA = "4000 0000 0000 3220"
VISA = "4242 4242 4242 4242"


def _signed_up(system, email, name):
    account = system.sign_up(email, kind="company", name=name)
    wait_until(lambda: system.organizations_of(account["id"]), what="the organization")
    return account


def _click(page, selector):
    with page.expect_navigation():
        page.click(selector)
    return page


def _flash(page):
    return page.inner_text("main .flash")


def _minor(text):
    """'CHF 81.08' (any locale's separators) as 8108 centimes: tests compare exact integers."""
    digits = re.sub(r"[^0-9]", "", text)
    return int(digits)


def _choose_profile(page, last_digits):
    value = page.locator("#f-profile_id option", has_text=last_digits).get_attribute("value")
    page.select_option("#f-profile_id", value)


def _add_card(visitor, page, number, shot):
    visitor.go("/billing/settings")
    _click(page, "#add-profile")
    page.select_option("#f-method", "card")
    page.fill("#f-card_number", number)
    page.fill("#f-expires", "12/30")
    visitor.shot(shot)
    _click(page, "#save-profile")
    assert "The payment profile was added." in _flash(page)


def _order(visitor, page):
    """A web hosting and a .ch domain for two years in one order; placing it gives its pro-forma."""
    page.click("nav.site-nav >> text=Products")
    page.wait_for_selector("#no-products")
    visitor.shot("no-products")
    _click(page, "#no-products a")
    visitor.shot("order-catalogue")
    _click(page, "#choose-web-hosting")
    page.fill("#f-name", "alpine-web hosting")
    page.select_option("#f-months", "12")
    visitor.shot("order-web-hosting")
    _click(page, "#add-to-cart")
    assert "alpine-web hosting is in the cart." in _flash(page)
    _click(page, "#choose-domain-ch")
    page.fill("#f-name", "alpine-web.ch")
    page.select_option("#f-periods", "2")  # BI2: a .ch domain paid two years ahead
    _click(page, "#add-to-cart")
    assert page.locator("#cart tbody tr").count() == 2
    visitor.shot("cart")
    _click(page, "#place-order")
    assert "Pro-forma invoice" in page.inner_text("h1") and page.locator("#invoice-lines tbody tr").count() == 2
    visitor.shot("pro-forma")
    return re.search(r"/billing/invoices/([0-9a-f-]{36})", page.url).group(1)


def _pay_through_3_d_secure(visitor, page, invoice_id):
    """The card asks for 3-D Secure: the provider's (sandbox) page, approved, then back on the portal."""
    _choose_profile(page, "3220")
    _click(page, "#pay-invoice")
    assert "/v1/payment-provider/sandbox/3ds/" in page.url  # billing's sandbox, not the portal
    visitor.shot("3-d-secure", accessible=False)  # the fake provider's page is not ours to check
    _click(page, "button[value=approve]")
    page.wait_for_url(visitor.url(f"/billing/invoices/{invoice_id}") + "**")
    assert "Thank you: the payment went through." in _flash(page)
    assert "paid" in page.inner_text("#invoice-status")
    visitor.shot("invoice-paid")


def _pdf_through_the_portal(visitor, page):
    href = page.get_attribute("#invoice-pdf", "href")
    assert href.startswith("/billing/invoices/")  # the portal's link, never billing's
    response = page.request.get(visitor.url(href))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_bi2_bi3_bi8_order_pay_with_3_d_secure_pdf_auto_renewal_prepaid_and_a_renewal_paid_half_by_prepaid(visitor):
    _signed_up(visitor.system, LEA, "Alpine Web")
    page = visitor.sign_in(LEA)
    _add_card(visitor, page, THREE_D_SECURE_VISA, "payment-profile-add")
    invoice_id = _order(visitor, page)
    _pay_through_3_d_secure(visitor, page, invoice_id)
    _pdf_through_the_portal(visitor, page)

    # BI3: automatic renewal on for both products at once (a Visa default profile, far from expiry)
    page.click("nav.site-nav >> text=Products")
    page.wait_for_selector("#products")
    assert page.locator("#products tbody tr").count() == 2
    for box in page.locator("#products input[name=product_ids]").all():
        box.check()
    _click(page, "#auto-renew-on")
    assert "Automatic renewal is now on" in _flash(page)
    assert page.locator("#products td.auto-renew").all_inner_texts() == ["on", "on"]
    visitor.shot("auto-renewal-on")

    # BI8: a deposit of 0.05 is refused with the rule's sentence and changes nothing; 50.00 is credited
    _add_card(visitor, page, VISA, "second-card")
    page.click("nav.site-nav >> text=Prepaid")
    page.wait_for_selector("#balance")
    before = page.inner_text("#balance")
    page.fill("#f-amount", "0.05")
    _choose_profile(page, "4242")
    _click(page, "#deposit")
    assert "BI8:" in page.inner_text("#form-message") and page.inner_text("#balance") == before
    assert page.get_attribute("#f-amount", "aria-invalid") == "true"
    visitor.shot("deposit-refused")
    page.fill("#f-amount", "50.00")
    _choose_profile(page, "4242")
    _click(page, "#deposit")
    assert "credited" in _flash(page) and _minor(page.inner_text("#balance")) == 5000
    visitor.shot("deposit")

    # BI2, BI8: the web hosting renewed for one period, half from the prepaid account, the rest by card
    page.click("nav.site-nav >> text=Products")
    page.wait_for_selector("#products")
    page.locator("#products tr", has_text="alpine-web hosting").locator("input[name=product_ids]").check()
    _click(page, "#renew")
    visitor.shot("renew")
    _click(page, "#renew-confirm")
    total = _minor(page.inner_text("#invoice-total"))
    half = total // 2
    page.fill("#f-prepaid_amount", f"{half // 100}.{half % 100:02d}")
    _choose_profile(page, "4242")
    visitor.shot("renewal-invoice")
    _click(page, "#pay-invoice")
    assert "Thank you: the payment went through." in _flash(page)
    assert "paid" in page.inner_text("#invoice-status")
    methods = page.inner_text("#invoice-payments")
    assert "Prepaid account" in methods and "Card" in methods
    visitor.shot("renewal-paid")
    page.click("nav.site-nav >> text=Prepaid")
    page.wait_for_selector("#ledger")
    assert _minor(page.inner_text("#balance")) == 5000 - half
    visitor.shot("prepaid-ledger")


def _invoice_of_lea(system):
    """Lea's organization gets an invoice (an order placed through the API with her token)."""
    token = system.cli("identity", "token", LEA, stdin=PASSWORD + "\n").stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    organization_id = requests.get(system.url("orgs") + "/v1/organizations/mine", headers=headers,
                                   timeout=5).json()[0]["id"]
    billing = f"{system.url('billing')}/v1/organizations/{organization_id}"
    cart = requests.post(billing + "/orders", json={}, headers=headers, timeout=10).json()
    added = requests.post(f"{billing}/orders/{cart['id']}/items", headers=headers, timeout=10, json={
        "product_type": "domain-ch", "name": "alpine-web.ch", "months": 12, "periods": 1, "units": 1,
        "warranty": False, "auto_renew": False})
    assert added.status_code == 201, added.text
    placed = requests.post(f"{billing}/orders/{cart['id']}/placement", json={}, headers=headers, timeout=10)
    assert placed.status_code in (200, 201), placed.text
    return token, organization_id, placed.json()["invoice_id"]


def test_bi13_a_collaborator_without_billing_rights_is_not_offered_invoices_and_cannot_open_one(visitor, chromium):
    system = visitor.system
    _signed_up(system, LEA, "Alpine Web")
    _signed_up(system, BOB, "Bergbau")
    token, organization_id, invoice_id = _invoice_of_lea(system)
    invited = requests.post(f"{system.url('orgs')}/v1/organizations/{organization_id}/invitations", timeout=10,
                            headers={"Authorization": f"Bearer {token}"},
                            json={"email": BOB, "role": "collaborator", "billing_rights": False})
    assert invited.status_code == 201, invited.text
    bob = Visitor(chromium, system, "test_bi13-bob")
    try:
        link = bob.mail_link(BOB, r"http://\S+/invitations/[\w-]+")
        page = bob.sign_in(BOB)
        page.goto(link)
        _click(page, "#accept")
        page.select_option("#organization-switcher", label="Alpine Web")
        _click(page, ".switcher button[type=submit]")
        page.click("nav.site-nav >> text=Products")
        page.wait_for_selector("h1:has-text('Products')")
        sections = page.inner_text("nav.site-nav")
        assert "Invoices" not in sections and "Prepaid" not in sections  # BI13: not offered
        bob.shot("collaborator-products")
        for path in (f"/billing/invoices/{invoice_id}", "/billing/invoices", f"/billing/invoices/{invoice_id}/pdf",
                     "/billing/prepaid"):
            response = page.goto(bob.url(path))
            assert response.status == 404 and "This page does not exist, or you may not see it." in page.inner_text(
                "main"), path
        bob.shot("collaborator-invoice-not-found")
    finally:
        bob.close()
    # Lea, with billing rights, sees it
    page = visitor.sign_in(LEA)
    visitor.go(f"/billing/invoices/{invoice_id}")
    assert "Pro-forma invoice" in page.inner_text("h1")
    visitor.shot("representative-invoice")
