"""Issue 12's browser story, against the whole system (item 7): a partner's clients order products
until it crosses the threshold and the dashboard says so (PA2); a client leaves and the grace
clock appears on the dashboard, the benefits going on; a month of paid invoices yields a cashback
statement on the 1st of the next month and the partner's prepaid balance rises once (PA11); the
partner states its branding and a markup and its client receives the partner's branded invoice
(PX5). The orders and payments go through the APIs (their pages are issue 10's); what the partner
and the leaving client do and see is in their browsers, every page checked by axe-core. The
figures are tests/browser/money_support.py's, the same as the end-to-end story over the APIs
(tests/e2e/test_partner_money_story.py)."""
from tests.e2e.system import wait_until

from . import money_support as story
from .harness import Visitor
from .money_support import BRUNO, FULL, FULL_WITH_BILLING, PAUL
from .test_partner_rebill_pages import QR_IBAN, _rule
from .test_partner_story import _click, _flash, _stop

NAV = "nav[aria-label='Partner programme pages']"


def _branding(visitor, page):
    """PX5: the partner's name, address, VAT number and QR-IBAN on its invoices, in CHF."""
    visitor.go("/partner/rebilling")
    for field, value in (("name", "Helvetic Partners SA"), ("street", "Rue du Lac 1"), ("postal_code", "1003"),
                         ("city", "Lausanne"), ("country", "CH"), ("vat_number", "CHE-116.281.710 TVA"),
                         ("qr_iban", QR_IBAN), ("number_prefix", "HP")):
        page.fill(f"#f-{field}", value)
    page.select_option("#f-currency", "CHF")
    _click(page, "#save-branding")
    assert "Your branding was saved" in _flash(page)
    visitor.shot("branding")


def _reloaded(page, check, what, timeout=60):
    """The page, reloaded until `check()` holds."""
    def again():
        page.reload()
        return check()
    wait_until(again, timeout=timeout, interval=0.5, what=what)


def _status(visitor, status, what):
    """The dashboard, reloaded until it shows `status`."""
    page = visitor.page
    _reloaded(page, lambda: page.locator("#threshold-status").get_attribute("data-status") == status, what)
    return page


def test_pa2_pa11_px5_the_money_story_in_the_portal(visitor, chromium):
    system = visitor.system
    clock = story.StoryClock(system.dir / "clock")
    clock.to_start()
    cast = story.Cast(system)
    paul, lea, bruno = cast.paul, cast.lea, cast.bruno
    helvetic, alpine, bergsicht = cast.helvetic, cast.alpine, cast.bergsicht
    bergsicht_link = story.authorize(bruno, bergsicht, helvetic, FULL, "client")
    story.authorize(lea, alpine, helvetic, FULL_WITH_BILLING, "partner")

    # PA2: Bergsicht's products count, but not enough; then Paul's order for Alpine crosses the line
    invoice = story.order(bruno, bergsicht, [{"product_type": "nas-synology", "name": "Bergsicht NAS"},
                                             {"product_type": "web-hosting", "name": "bergsicht.ch", "units": 12}])
    story.pay(bruno, bergsicht, invoice, cast.cards[bergsicht])
    page = visitor.sign_in(PAUL)
    _click(page, "nav.site-nav >> text=Partner programme")
    _click(page, f"{NAV} >> text=Dashboard")
    _status(visitor, "lapsed", "the dashboard below the threshold")
    _reloaded(page, lambda: "1,050.00" in page.inner_text("#threshold"), "CHF 1,050.00 managed")
    assert page.inner_text("#benefits") == "not active"
    visitor.shot("dashboard-below")
    invoice = story.order(paul, alpine, [{"product_type": "web-hosting", "name": "alpine-web.ch", "units": 20}])
    story.pay(paul, helvetic, invoice, cast.cards[helvetic])
    _status(visitor, "eligible", "the dashboard to say the threshold is reached")
    assert "You reached the threshold" in page.inner_text("#threshold-message")
    assert page.inner_text("#benefits") == "active, tier partner" and "2,250.00" in page.inner_text("#threshold")
    visitor.shot("dashboard-eligible")

    # PA11: a month of paid invoices while the benefits run
    renewal = story.renew(bruno, bergsicht, story.product_ids(bruno, bergsicht, 2)["bergsicht.ch"])
    story.pay(bruno, bergsicht, renewal["id"], cast.cards[bergsicht])
    invoice = story.order(lea, alpine, [{"product_type": "ksuite", "name": "Alpine kSuite"}])
    story.pay(paul, helvetic, invoice, cast.cards[helvetic])

    # PA10 in Bruno's browser; PA2: Paul's dashboard shows the grace clock, benefits going on
    bruno_browser = Visitor(chromium, system, "test_partner_money_story-bruno")
    try:
        bruno_page = bruno_browser.sign_in(BRUNO)
        bruno_browser.go(f"/partners/links/{bergsicht_link['id']}")
        _stop(bruno_browser, bruno_page)
    finally:
        bruno_browser.close()
    _status(visitor, "grace", "the grace clock on the dashboard")
    message = page.inner_text("#threshold-message")
    assert "grace period" in message and ("90 days left" in message or "89 days left" in message), message
    assert page.inner_text("#benefits") == "active, tier partner"
    visitor.shot("dashboard-grace")
    invoice = story.order(lea, alpine, [{"product_type": "ssl-certificate", "name": "shop.alpine-web.ch"}])
    story.pay(paul, helvetic, invoice, cast.cards[helvetic])
    story.wait_threshold(paul, helvetic, "grace", "1303.00", "the certificate to count")

    # PA11: the 1st of the next month: one statement, credited once to the prepaid account
    clock.to_next_month()
    cast.refresh()
    later = Visitor(chromium, system, "test_partner_money_story-next-month")  # yesterday's session has expired
    try:
        page = later.sign_in(PAUL)
        later.go("/partner/cashback")
        row = page.locator("#statements tbody tr")
        _reloaded(page, lambda: row.count() == 1 and row.locator(".status").inner_text() == "credited",
                  "the statement issued and credited", timeout=90)
        assert clock.month in row.inner_text() and story.STATEMENT in row.inner_text(), row.inner_text()
        later.shot("cashback-statement")
        later.go("/billing/prepaid")
        assert story.STATEMENT in page.inner_text("#balance")
        story.settle()
        page.reload()
        assert story.STATEMENT in page.inner_text("#balance")  # once
        later.shot("prepaid-credited")

        # PX5: Paul's branding and a markup for Alpine from today; Lea's renewal reaches Alpine under his brand
        _branding(later, page)
        _rule(later, page, alpine, "20", clock.next_month_day.isoformat())
        assert "The markup rule was added" in _flash(page)
        story.renew(cast.lea, alpine, story.product_ids(cast.lea, alpine, 3)["Alpine kSuite"])
        later.go("/partner/branded-invoices")
        _reloaded(page, lambda: page.locator("#branded-invoices tbody tr").count() == 1,
                  "the branded invoice on the partner's page")
        number = page.inner_text("#branded-invoices th.number")
        assert number == f"HP-{clock.next_month_day.year}-000001" and "70.05" in page.inner_text("#branded-invoices")
        later.shot("branded-invoice")
        wait_until(lambda: any(number in (m["Subject"] or "") for m in later.mails_to(story.LEA)),
                   what="the branded invoice mailed to Alpine")
    finally:
        later.close()
