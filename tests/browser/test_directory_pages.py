"""The partner directory in a real browser against the whole system (issue 13, PA12): an approved
partner fills its directory profile on /partner/profile (a bad website and a too large logo
refused next to their fields first), with a logo, publishes it and opts in to calls for tenders;
a visitor without an account searches /directory by words and by filters, pages through the
results, opens the profile (its title, description and canonical address for search engines, its
logo through the portal); once the partner unpublishes, the profile is gone (404) and no longer
found. The pages read in French and German. Every page is checked by axe-core."""
import os

import pytest
from PIL import Image

from tests.conftest import AMQP_URL
from tests.e2e.system import SERVICES, System

from .partner_support import approved_partner
from .test_billing import _click, _flash

PAUL = "paul@helvetic-partners.example"
NORA = "nora@nordwind-web.example"


@pytest.fixture
def portal_system(tmp_path, databases, amqp_prefix):
    """The whole system as in conftest, its lists paged by one row so that paging shows."""
    system = System(tmp_path, databases, AMQP_URL, amqp_prefix, TEST_CLOCK="1", CLOCK_FILE=str(tmp_path / "clock"),
                    RUN_SCHEDULE_POLL_SECONDS="0.5", PORTAL_PAGE_SIZE="1")
    system.start(*SERVICES, "portal")
    yield system
    system.close()


def _images(folder):
    logo, big = folder / "logo.png", folder / "big.png"
    Image.new("RGB", (240, 80), (20, 80, 160)).save(logo, "PNG")
    Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3)).save(big, "PNG")  # noise: over 200 kB
    return logo, big


def _fill_profile(page, city, region, description_fr, website):
    page.fill("#f-city", city)
    page.select_option("#f-region", region)
    page.check("#profile-languages input[value=fr]")
    page.check("#profile-languages input[value=en]")
    page.check("#profile-specialities input[value=hosting]")
    page.check("#profile-specialities input[value=web-design]")
    page.fill("#f-website", website)
    page.fill("#f-description_fr", description_fr)
    page.fill("#f-description_en", "Websites and hosting for small businesses in western Switzerland.")


def test_pa12_a_partner_publishes_its_profile_and_a_visitor_finds_it_in_the_directory(visitor, tmp_path):
    system = visitor.system
    approved_partner(system, PAUL, "Helvetic Partners")
    nora, nordwind = approved_partner(system, NORA, "Nordwind Web")
    nora.call("PUT", "partner", f"/v1/partners/{nordwind}/profile", json={
        "name": "Nordwind Web", "city": "Zürich", "region": "CH-ZH", "languages": ["de"],
        "specialities": ["development"], "descriptions": {"de": "Softwareentwicklung für KMU in Zürich."},
        "published": True, "tenders_opt_in": False})
    logo, big = _images(tmp_path)

    # The partner's editor: bad input refused next to the field, then saved and published
    page = visitor.sign_in(PAUL)
    visitor.go("/partner/profile")
    page.wait_for_selector("#profile-form")
    assert page.input_value("#f-name") == "Helvetic Partners"
    visitor.shot("profile-editor")
    _fill_profile(page, "Lausanne", "CH-VD", "Sites web et hébergement pour les PME de Suisse romande.",
                  "not a website")
    page.set_input_files("#f-logo", str(big))
    _click(page, "#save-profile")
    assert "200 kB" in page.inner_text("#f-logo-error")
    page.set_input_files("#f-logo", str(logo))
    page.fill("#f-website", "not a website")
    page.check("#f-published")
    _click(page, "#save-profile")
    assert page.inner_text("#f-website-error")
    visitor.shot("profile-refused")
    page.fill("#f-website", "https://helvetic-partners.example")
    page.set_input_files("#f-logo", str(logo))
    page.check("#f-tenders_opt_in")
    page.select_option("#f-regions_served", ["CH-VD", "CH-GE", "FR"])
    _click(page, "#save-profile")
    assert "It is listed in the directory." in _flash(page)
    assert page.get_attribute("#public-profile", "href") == "/directory/helvetic-partners"
    assert page.is_checked("#f-tenders_opt_in") and page.is_checked("#f-published")
    assert set(page.eval_on_selector_all("#f-regions_served option:checked", "els => els.map(e => e.value)")) == {
        "CH-VD", "CH-GE", "FR"}
    assert "logo" in page.inner_text("#f-logo-hint")
    visitor.shot("profile-saved")

    # A visitor without an account: search by words, by filters, page, open the profile
    anonymous = visitor.context.browser.new_context(locale="en-GB")
    public = anonymous.new_page()
    public.goto(visitor.url("/directory"))
    assert public.title().startswith("Partner directory")
    assert public.get_attribute("link[rel=canonical]", "href").endswith("/directory")
    assert public.get_attribute("meta[name=description]", "content")
    first = public.locator("#directory-results h2").inner_text().strip()  # paged by one: the first by name
    assert first == "Helvetic Partners"
    public.click("#next-page")
    public.wait_for_url("**cursor=**")
    assert public.locator("#directory-results h2").inner_text().strip() == "Nordwind Web"
    assert public.locator("#next-page").count() == 0 and public.locator("#first-page").count() == 1
    public.fill("#f-q", "hébergement romande")
    public.click("#search-directory")
    public.wait_for_url("**q=**")
    results = public.locator("#directory-results li")
    assert results.count() == 1 and "Helvetic Partners" in results.inner_text()
    assert "Lausanne, Vaud, Switzerland" in results.inner_text()
    public.goto(visitor.url("/directory?country=CH&language=de"))
    assert [t.strip() for t in public.locator("#directory-results h2").all_inner_texts()] == ["Nordwind Web"]
    public.goto(visitor.url("/directory?q=nothing+like+this"))
    assert public.locator("#no-partners").count() == 1
    public.goto(visitor.url("/directory?q=hosting"))
    public.click("#directory-results a:has-text('Helvetic Partners')")
    public.wait_for_url("**/directory/helvetic-partners")
    assert public.title() == "Helvetic Partners – partner directory"
    assert public.get_attribute("link[rel=canonical]", "href").endswith("/directory/helvetic-partners")
    assert public.get_attribute("meta[name=description]", "content").startswith("Websites and hosting")
    assert "Web hosting" in public.inner_text("#partner-specialities")
    logo_response = public.request.get(visitor.url("/directory/helvetic-partners/logo"))
    assert logo_response.status == 200 and logo_response.headers["content-type"] == "image/png"
    assert "public" in logo_response.headers["cache-control"] and logo_response.headers["etag"]
    assert public.evaluate("document.querySelector('img.partner-logo').naturalWidth") == 240

    # Pages in French and German
    public.goto(visitor.url("/directory"))
    public.click("button[name=language][value=fr]")
    public.wait_for_url("**/directory")
    assert public.title().startswith("Annuaire des partenaires")
    public.goto(visitor.url("/directory/helvetic-partners"))
    assert public.title() == "Helvetic Partners – annuaire des partenaires"
    assert public.inner_text("#partner-description").startswith("Sites web et hébergement")
    public.click("button[name=language][value=de]")
    public.wait_for_url("**/directory/helvetic-partners")
    assert "Webhosting" in public.inner_text("#partner-specialities")
    public.click("button[name=language][value=en]")
    public.wait_for_url("**/directory/helvetic-partners")

    # Unpublished: gone at once, from the profile page and from the search
    visitor.go("/partner/profile")
    page.uncheck("#f-published")
    _click(page, "#save-profile")
    assert "It is not listed in the directory." in _flash(page)
    assert public.goto(visitor.url("/directory/helvetic-partners")).status == 404
    public.goto(visitor.url("/directory?q=hosting"))
    assert "Helvetic Partners" not in public.inner_text("main")
    anonymous.close()

    # The signed-in pages in French: nothing of ours left in English
    visitor.go("/partner/profile")
    _click(page, "button[name=language][value=fr]")
    visitor.assert_translated("fr")
    visitor.go("/directory")
    visitor.assert_translated("fr")
    visitor.shot("directory-french")
    _click(page, "button[name=language][value=en]")
