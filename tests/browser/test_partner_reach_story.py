"""Issue 13's browser story, against the whole system (item 4): a visitor finds a partner in the
public directory and posts a call for tenders, verified by the link mailed to her (PA12, PA13);
the matching opted-in partner answers it while a non-matching one never sees it, neither in its
inbox nor by its address; the poster accepts the answer and the link request reaches the
partner, who confirms it uses only the provider's products, and the client sees the request
(PA13, PA4); an affiliate's referral arrives through `/r/<code>`, signs up, orders and pays, and
after the monthly run the commission is on the affiliate's dashboard and paid into its prepaid
account (PA15). The setting up goes through the APIs (the partners' approval, Nordlicht's
profile); what
the visitor, the partners, the client, the affiliate and the referral do and see is in their
browsers, every page checked by axe-core. The figures are tests/browser/reach_support.py's, the
same as the end-to-end story over the APIs (tests/e2e/test_partner_reach_story.py)."""
import re

from PIL import Image

from tests.e2e.system import mail_text, wait_until

from . import money_support as story
from . import reach_support as reach
from .harness import Visitor
from .partner_support import LEA, PASSWORD, PAUL, signed_up
from .test_billing import VISA, _add_card
from .test_partner_money_story import _reloaded
from .test_partner_story import _click, _flash

TENDER_LINK = r"/tenders/[0-9a-f-]{36}\?key=[\w-]+"


def _browser(chromium, system, name):
    return Visitor(chromium, system, f"test_partner_reach_story-{name}")


# -- PA12: the directory -------------------------------------------------------------------------

def _paul_lists_helvetic(paul_browser, logo):
    """PA12, PA13: the partner's profile editor: the profile, its logo, published, tenders wanted
    from the whole of Switzerland; the profile's public address."""
    page = paul_browser.sign_in(PAUL)
    paul_browser.go("/partner/profile")
    profile = reach.HELVETIC_PROFILE
    for name in ("name", "city", "website"):
        page.fill(f"#f-{name}", profile[name])
    page.select_option("#f-region", profile["region"])
    for group in ("languages", "specialities"):
        for code in profile[group]:
            page.check(f"#profile-{group} input[value='{code}']")
    for language, text in profile["descriptions"].items():
        page.fill(f"#f-description_{language}", text)
    page.set_input_files("#f-logo", str(logo))
    page.check("#f-published")
    page.check("#f-tenders_opt_in")
    page.select_option("#f-regions_served", profile["regions_served"])
    paul_browser.shot("profile-editor")
    _click(page, "#save-profile")
    assert "Your profile was saved." in _flash(page)
    paul_browser.shot("profile-saved")
    return page.get_attribute("#public-profile", "href").rsplit("/", 1)[1]


def _finds_helvetic(visitor, slug):
    """No login: words find both partners, the country keeps Helvetic; its page is indexable."""
    page = visitor.go("/directory")
    page.fill("#f-q", "hosting")
    _click(page, "#search-directory")
    results = page.locator("#directory-results > li")
    assert sorted(results.locator("h2").all_inner_texts()) == ["Helvetic Partners", "Nordlicht IT"]
    page.select_option("#f-country", "CH")
    _click(page, "#search-directory")
    assert results.locator("h2").all_inner_texts() == ["Helvetic Partners"]
    assert "q=hosting" in page.url and "country=CH" in page.url  # a clean address to share or index
    visitor.shot("directory-search")
    _click(page, f"#directory-results a[href='/directory/{slug}']")
    assert page.title() == "Helvetic Partners – partner directory"
    assert page.locator("link[rel=canonical]").get_attribute("href").endswith(f"/directory/{slug}")
    assert "Lausanne" in page.locator("meta[name=description]").get_attribute("content")
    assert reach.HELVETIC_PROFILE["descriptions"]["en"] in page.inner_text("#partner-description")
    logo = page.request.get(visitor.url(page.get_attribute("img.partner-logo", "src")))
    assert logo.status == 200 and logo.headers["content-type"] == "image/png"
    visitor.shot("directory-profile")
    return page


# -- PA13: the tender, from the visitor's form to the partner's confirmed link request ------------

def _posts_and_verifies(visitor, page, start):
    """The public form, then the link mailed to the poster: the tender opens and is delivered."""
    visitor.go("/tenders/new")
    tender = reach.TENDER
    page.fill("#f-title", tender["title"])
    page.fill("#f-needs", tender["needs"])
    for family in tender["products"]:
        page.check(f"#p-{family}")
    page.select_option("#f-speciality", tender["speciality"])
    page.select_option("#f-region", tender["region"])
    page.select_option("#f-language", tender["language"])
    page.fill("#f-budget_min", tender["budget"]["min"])
    page.fill("#f-budget_max", tender["budget"]["max"])
    page.select_option("#f-currency", tender["budget"]["currency"])
    assert page.input_value("#f-deadline") == reach.deadline(start)  # 30 days ahead on the system's clock
    page.fill("#f-name", "Léa Rochat")
    page.fill("#f-email", LEA)
    visitor.shot("tender-form")
    _click(page, "#post-tender")
    assert LEA in page.inner_text("main")  # check your mailbox
    visitor.shot("tender-sent")
    page.goto(visitor.mail_link(LEA, r"http://\S+/tenders/verify/[\w-]+"))
    assert "published" in page.inner_text("h1")
    visitor.shot("tender-published")
    key_link = visitor.mail_link(LEA, r"http://\S+" + TENDER_LINK)
    return re.search(r"/tenders/([0-9a-f-]{36})", key_link).group(1), key_link


def _mails_about(visitor, to, tender_id):
    return [m for m in visitor.mails_to(to) if tender_id in mail_text(m)]


def _mailed(visitor, to, tender_id, count, what):
    wait_until(lambda: len(_mails_about(visitor, to, tender_id)) == count, what=what)


def _helvetic_answers(paul_browser, tender_id):
    page = paul_browser.page
    paul_browser.go("/partner/tenders")
    row = page.locator(f"#tenders tr[data-tender='{tender_id}']")
    assert row.count() == 1 and reach.TENDER["title"] in row.inner_text()
    paul_browser.shot("inbox")
    _click(page, f"#tenders a[href='/partner/tenders/{tender_id}']")
    assert page.inner_text("#tender-title") == reach.TENDER["title"]
    page.fill("#f-message", reach.ANSWER["message"])
    page.fill("#f-price_min", reach.ANSWER["price"]["min"])
    page.fill("#f-price_max", reach.ANSWER["price"]["max"])
    page.select_option("#f-currency", reach.ANSWER["price"]["currency"])
    paul_browser.shot("answer")
    _click(page, "#send-answer")
    assert "Your answer was sent." in _flash(page) and reach.ANSWER["message"] in page.inner_text("#my-answer")
    paul_browser.shot("answered")
    return page


def _nordlicht_never_sees_it(nina_browser, tender_id):
    """PA13: not in the inbox of a partner that does not match, nor at its address (404)."""
    page = nina_browser.sign_in(reach.NINA)
    nina_browser.go("/partner/tenders")
    assert page.locator("#tenders").count() == 0 and page.locator("#no-tenders").count() == 1
    nina_browser.shot("inbox-without-it")
    response = page.goto(nina_browser.url(f"/partner/tenders/{tender_id}"))
    assert response.status == 404 and reach.TENDER["title"] not in page.inner_text("body")
    nina_browser.shot("not-found")


def _accepts(visitor, key_link):
    """The poster's private link (its key kept in the session), the answers, one accepted."""
    page = visitor.page
    page.goto(key_link)
    page.wait_for_url(re.compile(r".*/tenders/[0-9a-f-]{36}$"))  # the key out of the address bar
    answers = page.locator("#answers tbody tr")
    assert answers.count() == 1 and "Helvetic Partners" in answers.inner_text()
    assert reach.ANSWER["message"] in answers.inner_text()
    visitor.shot("answers")
    _click(page, "#answers a.button:has-text('Accept')")
    visitor.shot("accept-confirm")
    _click(page, "#confirm")
    assert "You accepted the answer of Helvetic Partners" in _flash(page)
    assert page.locator("#answers strong.accepted").count() == 1
    visitor.shot("accepted")


def _helvetic_confirms(paul_browser, page, tender_id):
    """PA13: the link request goes only with the promise to use only the provider's products."""
    paul_browser.go(f"/partner/tenders/{tender_id}")
    assert LEA in page.inner_text("#award")
    _click(page, "#confirm-award")
    assert page.inner_text("#form-message").startswith("PA13: ")
    paul_browser.shot("award-unconfirmed")
    page.check("#f-provider_products_only")
    _click(page, "#confirm-award")
    assert "The link request was sent to the client." in _flash(page)
    assert "/partner/clients/" in page.url
    paul_browser.shot("award-confirmed")


def _lea_sees_the_request(lea_browser):
    page = lea_browser.sign_in(LEA)
    page.click("nav.site-nav >> text=Partners")
    page.wait_for_selector("h1")
    _click(page, "nav[aria-label='Partner pages'] >> text=Requests")
    assert page.locator("#requests a:has-text('Helvetic Partners')").count() == 1
    lea_browser.shot("request-received")


# -- PA15: the affiliate chain --------------------------------------------------------------------

def _ada_joins(ada_browser):
    page = ada_browser.sign_in(reach.ADA)
    ada_browser.go("/affiliate")
    ada_browser.shot("affiliate-join")
    _click(page, "#join-button")
    assert "joined the affiliate programme" in _flash(page)
    code = page.inner_text("#referral-code").strip()
    assert reach.CODE.match(code) and page.input_value("#referral-link").endswith("/r/" + code)
    ada_browser.shot("affiliate-dashboard-new")
    return code


def _rolf_signs_up_through_the_link(rolf_browser, code):
    page = rolf_browser.go(f"/r/{code}")  # on to identity's sign-up, the code kept in the portal's cookie
    page.wait_for_url(f"**/signup?referral_code={code}")
    page.fill("#first_name", "Rolf")
    page.fill("#last_name", "Baumann")
    page.fill("#email", reach.ROLF)
    page.fill("#password", PASSWORD)
    page.check("input[name=kind][value=company]")
    page.fill("#company_name", "Rolf Bau")
    rolf_browser.shot("signup-referred")
    _click(page, "form[action='/signup'] button[type=submit]")
    rolf_browser.system.verify_email(reach.ROLF)


def _rolf_orders_and_pays(rolf_browser):
    """The referral cookie, kept since the link, goes with the new cart too: the sign-up came first."""
    page = rolf_browser.sign_in(reach.ROLF)
    _add_card(rolf_browser, page, VISA, "card")
    rolf_browser.go("/billing/order")
    _click(page, "#choose-web-hosting")
    page.fill("#f-name", "rolf-bau.ch")
    page.select_option("#f-months", "12")
    page.fill("#f-units", "12")
    _click(page, "#add-to-cart")
    _click(page, "#place-order")
    rolf_browser.shot("pro-forma")
    page.select_option("#f-profile_id", page.locator("#f-profile_id option", has_text="4242").get_attribute("value"))
    _click(page, "#pay-invoice")
    assert "Thank you: the payment went through." in _flash(page)
    rolf_browser.shot("paid")


def _commission_on_the_dashboard(ada_browser):
    page = ada_browser.page
    ada_browser.go("/affiliate")
    _reloaded(page, lambda: reach.COMMISSION in page.inner_text("#commissions"), "the commission on the dashboard")
    referral = page.locator("#referrals tbody tr")
    assert referral.count() == 1 and "Rolf Bau" in referral.inner_text() and "sign-up" in referral.inner_text()
    ada_browser.shot("affiliate-commission")


def test_pa12_pa13_pa15_the_reach_story_in_the_portal(visitor, chromium):
    system = visitor.system
    clock = story.StoryClock(system.dir / "clock")
    clock.to_start()
    reach.listed_partners(system)
    signed_up(system, LEA, "Alpine Web")
    reach.sign_up(system, reach.ADA)
    browsers = {name: _browser(chromium, system, name) for name in ("paul", "nina", "lea", "ada", "rolf")}
    logo = system.dir / "helvetic.png"
    Image.new("RGB", (240, 80), (20, 80, 160)).save(logo, "PNG")
    try:
        slug = _paul_lists_helvetic(browsers["paul"], logo)
        page = _finds_helvetic(visitor, slug)
        tender_id, key_link = _posts_and_verifies(visitor, page, clock.start)
        _mailed(visitor, PAUL, tender_id, 1, "the tender mailed to Helvetic's legal representative")
        paul_page = _helvetic_answers(browsers["paul"], tender_id)
        _nordlicht_never_sees_it(browsers["nina"], tender_id)
        _accepts(visitor, key_link)
        _mailed(visitor, PAUL, tender_id, 2, "the award mailed to Paul")  # delivered, then awarded
        _helvetic_confirms(browsers["paul"], paul_page, tender_id)
        _lea_sees_the_request(browsers["lea"])
        assert _mails_about(visitor, reach.NINA, tender_id) == []  # never delivered to Nordlicht

        code = _ada_joins(browsers["ada"])
        _rolf_signs_up_through_the_link(browsers["rolf"], code)
        _rolf_orders_and_pays(browsers["rolf"])
        _commission_on_the_dashboard(browsers["ada"])

        # the 1st of the next month: the payout run pays the commission into Ada's prepaid account
        clock.to_next_month()
        later = _browser(chromium, system, "ada-next-month")  # yesterday's session has expired
        try:
            page = later.sign_in(reach.ADA)
            later.go("/affiliate")
            _reloaded(page, lambda: page.locator("#payouts tbody tr").count() == 1, "the payout", timeout=90)
            payout = page.inner_text("#payouts tbody tr")
            assert reach.COMMISSION in payout and clock.month in payout and "paid" in payout, payout
            assert reach.COMMISSION in page.inner_text("#paid-total")
            later.shot("affiliate-payout")
            later.go("/billing/prepaid")
            assert reach.COMMISSION in page.inner_text("#balance")
            later.shot("prepaid-commission")
        finally:
            later.close()
    finally:
        for browser in browsers.values():
            browser.close()
