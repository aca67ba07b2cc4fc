"""The portal's story, in a real browser against the whole system: a company signs up,
verifies its email, signs in, turns on two-step verification, signs in again with a code,
creates a second organization and switches to it, invites a colleague who signs up through
the invitation, makes him administrator (the role mail arrives), tries to remove itself as
the last legal representative, builds a team, grants support access, reads the audit log,
switches to German and back, and is usable at 375 px and by keyboard. Every step is a
screenshot under var/screenshots/ checked by axe-core."""
from .harness import Visitor

NORA = "nora@frei-web.example"
TIM = "tim@frei-web.example"
PASSWORD = "correct horse battery"


def _click(page, selector):
    page.click(selector)
    page.wait_for_load_state()


def _org_page(page, label):
    _click(page, f"nav[aria-label='Organization pages'] >> text={label}")


def _sign_up_company(visitor):
    page = visitor.go("/")  # not signed in: identity's login page, which links to sign-up
    page.wait_for_url("**/login**")
    visitor.shot("login")
    _click(page, "text=Create an account")
    page.fill("#first_name", "Nora")
    page.fill("#last_name", "Frei")
    page.fill("#email", NORA)
    page.fill("#password", PASSWORD)
    page.check("input[name=kind][value=company]")
    page.fill("#company_name", "Frei Web")
    visitor.shot("sign-up")
    _click(page, "form[action='/signup'] button[type=submit]")
    visitor.shot("signed-up")
    page.goto(visitor.mail_link(NORA, r"http://\S+/verify-email\?token=[\w-]+"))  # ID2, from the maildir
    visitor.shot("verified")


def _two_step(visitor):
    page = visitor.go("/account/two-step")
    _click(page, "#set-up-two-step")
    secret = page.inner_text("#totp-secret").strip()
    visitor.shot("two-step-set-up")
    page.fill("#f-code", visitor.totp(secret))
    _click(page, "#activate-two-step")
    assert page.locator("#backup-codes li").count() == 10  # ID6, shown this once
    visitor.shot("backup-codes")
    _click(page, "#sign-out")
    page.wait_for_url("**/signed-out")
    visitor.advance(30)  # the activation's code is spent: the next one signs in (ID6)
    page = visitor.sign_in(NORA, code=lambda: visitor.totp(secret))
    visitor.shot("signed-in-with-code")
    return page


def _second_organization(visitor, page):
    visitor.go("/organizations/new")
    page.fill("#f-name", "Frei Labs")
    _click(page, "#create")
    assert page.locator("#organization-switcher option:checked").inner_text() == "Frei Labs"
    visitor.shot("second-organization")
    page.select_option("#organization-switcher", label="Frei Web")  # ID11: back, without signing out
    _click(page, ".switcher button[type=submit]")
    assert page.locator("#organization-switcher option:checked").inner_text() == "Frei Web"
    visitor.shot("switched")


def _colleague_joins(visitor, chromium, page):
    visitor.go("/organizations")
    _org_page(page, "Invitations")
    page.fill("#f-email", TIM)
    _click(page, "#send-invitation")
    visitor.shot("invited")
    tim = Visitor(chromium, visitor.system, "test_story-tim")
    try:
        tim.page.goto(tim.mail_link(TIM, r"http://\S+/signup\?invitation=[\w-]+"))
        tim.page.fill("#first_name", "Tim")
        tim.page.fill("#last_name", "Berger")
        tim.page.fill("#password", PASSWORD)
        tim.shot("colleague-signs-up")
        _click(tim.page, "form[action='/signup'] button[type=submit]")
        tim.sign_in(TIM)
        assert "Frei Web" in tim.page.inner_text("#organization-switcher")
        tim.shot("colleague-home")
    finally:
        tim.close()


def _roles(visitor, page):
    visitor.go("/organizations")
    _org_page(page, "Members")
    _click(page, f"#members tr:has-text('{TIM}') a:has-text('Change')")
    page.select_option("#f-role", "administrator")
    _click(page, "#save")
    page.wait_for_selector("text=was updated")
    assert "administrator" in page.locator("#members tr", has_text=TIM).inner_text()
    visitor.mail_link(TIM, r"administrator")  # OR9: the role summary reached him
    visitor.shot("members")
    _click(page, f"#members tr:has-text('{NORA}') a:has-text('Change')")
    page.select_option("#f-role", "administrator")  # OR7: Nora is the only legal representative
    _click(page, "#save")
    assert page.inner_text("#form-message") == "OR7: Appoint another legal representative first."
    visitor.shot("last-legal-representative")


def _team_support_audit(visitor, page):
    visitor.go("/organizations")
    _org_page(page, "Teams")
    page.fill("#f-name", "Web")
    _click(page, "#create-team")
    page.select_option("#f-account", page.locator("#f-account option", has_text="Tim").get_attribute("value"))
    _click(page, "#add-member")
    assert "Tim" in page.inner_text("#team-member-list")
    visitor.shot("team")
    _org_page(page, "Support access")
    _click(page, "text=Give access to Mail for 7 days")
    assert "On until" in page.inner_text("#support-mail")  # OR12, with its expiry
    visitor.shot("support-access")
    _org_page(page, "Audit log")
    audit = page.inner_text("#audit")
    assert "Team created" in audit and "Support access given" in audit
    visitor.shot("audit-log")


def _german_and_back(visitor, page):
    _click(page, "button[name=language][value=de]")
    for path in ("/", "/account/", "/account/two-step", "/organizations"):
        visitor.go(path)
        visitor.assert_translated("de")
    _click(page, "nav[aria-label='Seiten der Organisation'] >> text=Mitglieder")
    visitor.assert_translated("de")
    visitor.shot("members-de")
    _click(page, "button[name=language][value=en]")
    assert page.locator("html").get_attribute("lang") == "en" and "Members" in page.inner_text("main")


def _phone_and_keyboard(visitor, page):
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/", "/organizations"):
        visitor.go(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{path} scrolls sideways at 375 px"
        visitor.shot("phone" + path.replace("/", "-"))
    page.keyboard.press("Tab")  # the first stop skips to the content; focus is visible
    assert page.evaluate("document.activeElement.className") == "skip"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_the_story_of_a_company_in_the_portal(visitor, chromium):
    _sign_up_company(visitor)
    page = visitor.sign_in(NORA)
    assert "Frei Web" in page.inner_text("main")
    visitor.shot("home")
    page = _two_step(visitor)
    _second_organization(visitor, page)
    _colleague_joins(visitor, chromium, page)
    _roles(visitor, page)
    _team_support_audit(visitor, page)
    _german_and_back(visitor, page)
    _phone_and_keyboard(visitor, page)
