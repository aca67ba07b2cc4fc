"""Calls for tenders in the portal (PA13), on the whole running system: a visitor posts one without
an account (bad input marked beside its fields first), publishes it from the mailed link and
reads it on the poster's page; the matching opted-in partner finds it in its inbox and answers;
the visitor accepts the answer; the partner confirms the link request only with the
provider-products-only box ticked. A client posts one for its organization, and staff remove it
from every inbox with a reason. Profiles are written with partner's model (the directory's
pages are another part's)."""
import re

from services.common.db import bind
from services.partner.models import Profile, db as partner_db

from .harness import Visitor
from .partner_support import approved_partner, signed_up
from .test_billing import _click, _flash

PAUL, LEA, STELLA = "paul@helvetic-partners.example", "lea@alpine-web.example", "stella@provider.example"
ANNE = "anne@bakery.example"
NEEDS = "An online shop for our bakery with click and collect, in French, before the spring."


def _opted_in(system, organization_id, name):
    """PA13: the partner takes calls for tenders in Vaud, in French, for online shops."""
    bind(partner_db, system.db_urls["partner"])
    Profile.create(organization_id=organization_id, slug=re.sub(r"\W+", "-", name.lower()), name=name,
                   city="Lausanne", region="CH-VD", country="CH", languages=["fr", "en"],
                   specialities=["e-commerce", "web-design"], descriptions={"en": "Shops and websites."},
                   published=True, tenders_opt_in=True, regions_served=["CH"])


def _fill_tender(page, title="A shop for our bakery"):
    page.fill("#f-title", title)
    page.fill("#f-needs", NEEDS)
    page.check("#p-hosting")
    page.check("#p-domain")
    page.select_option("#f-speciality", "e-commerce")
    page.select_option("#f-region", "CH-VD")
    page.select_option("#f-language", "fr")
    page.fill("#f-budget_min", "2000")
    page.fill("#f-budget_max", "5000")


def test_pa13_a_visitors_tender_is_answered_accepted_and_confirmed_as_a_link_request(visitor, chromium):
    system = visitor.system
    paul, helvetic = approved_partner(system, PAUL, "Helvetic Partners")
    _opted_in(system, helvetic, "Helvetic Partners")
    signed_up(system, ANNE, "Anne's Bakery")  # has an account (the link request finds her by email), posts signed out

    page = visitor.go("/tenders/new")  # no account, no sign-in
    visitor.shot("tender-form")
    page.fill("#f-title", "A shop")
    page.fill("#f-budget_min", "lots")
    _click(page, "#post-tender")
    assert page.is_visible("#f-products-error") and page.is_visible("#f-budget_min-error")
    visitor.shot("tender-form-errors")
    _fill_tender(page)
    page.fill("#f-name", "Anne Baker")
    page.fill("#f-email", ANNE)
    _click(page, "#post-tender")
    assert page.url.endswith("/tenders/sent") and ANNE in page.inner_text("main")

    page = visitor.go(visitor.mail_link(ANNE, r"/tenders/verify/[\w-]+"))
    assert "published" in page.inner_text("h1")
    _click(page, "text=See your call for tenders")
    tender_id = re.search(r"/tenders/([0-9a-f-]{36})$", page.url).group(1)
    assert page.inner_text("#tender-title") == "A shop for our bakery" and page.is_visible("#no-answers")
    visitor.shot("poster-page")

    partner = Visitor(chromium, system, "test_pa13-paul")
    try:
        inbox = partner.sign_in(PAUL)
        _click(inbox, "nav >> text=Tender inbox")
        assert "A shop for our bakery" in inbox.inner_text("#tenders")
        partner.shot("inbox")
        _click(inbox, "text=A shop for our bakery")
        inbox.fill("#f-message", "We build it in four weeks, with click and collect.")
        inbox.fill("#f-price_min", "3000")
        inbox.fill("#f-price_max", "4000")
        _click(inbox, "#send-answer")
        assert "four weeks" in inbox.inner_text("#my-answer")
        partner.shot("answered")

        page.reload()
        assert "Helvetic Partners" in page.inner_text("#answers")
        _click(page, "#answers >> text=Accept")
        _click(page, "#confirm")
        assert page.is_visible(".accepted") and not page.is_visible("text=Withdraw the call for tenders")
        visitor.shot("accepted")

        inbox.reload()
        assert ANNE in inbox.inner_text("#award")
        _click(inbox, "#confirm-award")  # the box unticked: refused with PA13's sentence
        assert "PA13:" in inbox.inner_text("#form-message")
        partner.shot("award-refused")
        inbox.check("#f-provider_products_only")
        _click(inbox, "#confirm-award")
        assert "/partner/clients/" in inbox.url, inbox.inner_text("main")
        assert "sent to the client" in _flash(inbox)
        partner.shot("link-request")
        assert partner.go(f"/partner/tenders/{tender_id}").is_visible("#award-confirmed")
    finally:
        partner.close()

    page = visitor.go("/tenders/new")
    _click(page, "button[name=language][value=de]")  # the public form in German: nothing left in English
    visitor.assert_translated("de")
    visitor.shot("tender-form-de")


def test_pa13_a_clients_tender_reaches_the_partner_until_staff_remove_it(visitor, chromium):
    system = visitor.system
    paul, helvetic = approved_partner(system, PAUL, "Helvetic Partners")
    _opted_in(system, helvetic, "Helvetic Partners")
    signed_up(system, LEA, "Alpine Web")
    signed_up(system, STELLA, "Provider")
    assert system.cli("identity", "staff", "grant", STELLA).returncode == 0

    page = visitor.sign_in(LEA)
    _click(page, "nav >> text=Calls for tenders")
    visitor.shot("client-tenders")
    _click(page, "#new-tender")
    _fill_tender(page, "New website for Alpine Web")
    _click(page, "#post-tender")
    assert page.inner_text("#tender-status") == "open"
    visitor.shot("client-tender")

    partner = Visitor(chromium, system, "test_pa13-staff")
    try:
        staff = partner.sign_in(STELLA)
        _click(staff, "nav >> text=Tenders to moderate")
        assert "New website for Alpine Web" in staff.inner_text("#tenders")
        partner.shot("staff-tenders")
        _click(staff, "#tenders >> text=Remove")
        _click(staff, "#confirm")  # no reason: asked for
        assert staff.is_visible("#f-reason-error")
        staff.fill("#f-reason", "Posted twice by mistake")
        _click(staff, "#confirm")
        assert "removed" in _flash(staff)
    finally:
        partner.close()
    signed_out = Visitor(chromium, system, "test_pa13-paul-inbox")
    try:
        inbox = signed_out.sign_in(PAUL)
        _click(inbox, "nav >> text=Tender inbox")
        assert "New website for Alpine Web" not in inbox.inner_text("main")
        signed_out.shot("inbox-after-removal")
    finally:
        signed_out.close()
