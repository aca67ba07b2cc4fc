"""The organization's pages (OR1-OR14) through the portal: creating and switching, members and
their roles, invitations accepted from the mail's link, teams, support access, the audit log
and deletion."""
import re
from datetime import date

from PIL import Image

from services.billing.models import Product, db as billing_db
from services.common.db import bind
from tests.e2e.system import wait_until

from .harness import Visitor

LEA = "lea@alpine-web.example"
BOB = "bob@bergbau.example"


def _lea_signed_in(visitor):
    system = visitor.system
    account = system.sign_up(LEA, kind="company", name="Alpine Web")
    wait_until(lambda: system.organizations_of(account["id"]), what="the organization")
    return visitor.sign_in(LEA)


def _organization_page(page, label):
    page.click(f"nav[aria-label='Organization pages'] >> text={label}")
    return page


def test_or2_a_person_creates_a_second_organization_and_switches_to_it(visitor, tmp_path):
    page = _lea_signed_in(visitor)
    page.click("nav.site-nav >> text=Organization")
    page.wait_for_selector("h1:has-text('Details and branding')")
    assert page.input_value("#f-name") == "Alpine Web"
    visitor.shot("details")

    page.fill("#f-initials", "A1")  # OR1: letters only, next to the field
    page.click("#save")
    assert "not accepted" in page.inner_text("#f-initials-error")
    visitor.shot("initials-refused")
    page.fill("#f-initials", "AW")
    page.click("#save")
    assert "saved" in page.inner_text("main") and page.input_value("#f-initials") == "AW"

    square = tmp_path / "square.png"  # OR1 branding: an uploaded logo, shown through the portal
    Image.new("RGB", (64, 64), "navy").save(square)
    page.set_input_files("#logo-square", str(square))
    page.click("#upload-square")
    page.wait_for_selector("text=The logo was uploaded.")
    assert page.locator("img.logo-square").evaluate("img => img.complete && img.naturalWidth") == 64
    page.set_input_files("#logo-rectangular", str(square))  # not wider than tall: refused with its rule
    page.click("#upload-rectangular")
    assert "OR1:" in page.inner_text("main .flash-error") and not page.locator("img.logo-rectangular").count()
    visitor.shot("logos")
    page.click("text=Remove the square logo")
    visitor.shot("logo-remove-confirm")
    page.click("#confirm")
    page.wait_for_selector("text=The logo was removed.")
    assert not page.locator("img.logo-square").count()

    visitor.go("/organizations/new")
    visitor.shot("new")
    page.click("#create")  # nothing typed: the field says so, nothing is created
    assert page.inner_text("#f-name-error")
    visitor.shot("new-refused")
    page.fill("#f-name", "Alpine Labs")
    page.select_option("#f-currency", "EUR")
    page.click("#create")
    page.wait_for_selector("text=Alpine Labs was created")
    assert page.input_value("#f-name") == "Alpine Labs"
    assert page.locator("#organization-switcher option:checked").inner_text() == "Alpine Labs"
    assert "EUR" in page.inner_text("main") and "legal representative" in page.inner_text("#organization-name")
    visitor.shot("created-and-switched")

    # OR13: billing still holds a product of Alpine Labs: refused, with billing's blockers
    labs_id = re.search(r"/organizations/([0-9a-f-]{36})", page.url).group(1)
    bind(billing_db, visitor.system.db_urls["billing"])
    Product.create(organization_id=labs_id, billed_organization_id=labs_id, type="domain-ch", family="domain",
                   name="alpine-labs.ch", price_minor=1500, currency="EUR", started_on=date(2026, 1, 1),
                   expires_on=date(2027, 1, 1))
    _organization_page(page, "Delete")
    visitor.shot("delete-confirm")
    page.click("#confirm")
    assert page.inner_text("#form-message").startswith("OR13: The organization cannot be deleted yet")
    assert "1 product(s)" in page.inner_text("#blockers")
    visitor.shot("delete-refused")
    Product.update(status="cancelled").where(Product.organization_id == labs_id).execute()
    page.click("#confirm")
    page.wait_for_selector("text=Alpine Labs was deleted.")
    assert page.locator("#organization-switcher option").all_inner_texts() == ["Alpine Web"]
    visitor.shot("deleted")


def test_or7_removing_the_last_legal_representative_shows_the_rule(visitor):
    page = _lea_signed_in(visitor)
    visitor.go("/organizations")
    _organization_page(page, "Members")
    row = page.locator("#members tbody tr")
    assert row.count() == 1 and "legal representative" in row.inner_text()
    visitor.shot("members")

    row.locator("a:has-text('Change')").click()
    visitor.shot("member")
    page.select_option("#f-role", "administrator")
    page.check("#f-contact_billing")
    page.click("#save")
    assert page.inner_text("#form-message") == "OR7: Appoint another legal representative first."
    visitor.shot("demote-refused")
    page.select_option("#f-role", "legal_representative")
    page.click("#save")
    page.wait_for_selector("text=was updated")
    assert "Billing" in page.inner_text("#members")

    page.click("#leave")
    visitor.shot("leave-confirm")
    page.click("#confirm")
    assert "OR7: Appoint another legal representative first." in page.inner_text("main")
    visitor.shot("leave-refused")
    visitor.go("/organizations")
    _organization_page(page, "Members")
    assert page.locator("#members tbody tr").count() == 1  # still a member


def test_or4_invite_accept_from_the_mail_link(visitor, chromium):
    system = visitor.system
    bob_account = system.sign_up(BOB, kind="individual")  # known to orgs: he gets the portal's link
    wait_until(lambda: system.organizations_of(bob_account["id"]), what="Bob's organization")
    page = _lea_signed_in(visitor)
    visitor.go("/organizations")
    _organization_page(page, "Invitations")
    visitor.shot("invitations")

    page.fill("#f-email", "bob@")  # bad input: beside the field, nothing sent
    page.click("#send-invitation")
    assert page.inner_text("#f-email-error") == "Enter a valid email address."
    assert page.input_value("#f-email") == "bob@" and not page.locator("#invitations").count()
    visitor.shot("invitation-refused")

    page.fill("#f-email", BOB)
    page.check("#f-contact_technical")
    page.select_option("#f-language", "de")
    page.click("#send-invitation")
    page.wait_for_selector(f"text=An invitation was sent to {BOB}")
    assert "pending" in page.inner_text("#invitations")
    visitor.shot("invitation-sent")
    page.click(f"#invitations button:has-text('Resend')")
    page.wait_for_selector(f"text=A reminder was sent to {BOB}")
    page.fill("#f-email", "carla@bergbau.example")  # another one, withdrawn after a confirmation
    page.click("#send-invitation")
    page.locator("#invitations tr", has_text="carla@").locator("a:has-text('Withdraw')").click()
    visitor.shot("withdraw-confirm")
    page.click("#confirm")
    page.wait_for_selector("text=The invitation was withdrawn.")
    assert "withdrawn" in page.locator("#invitations tr", has_text="carla@").inner_text()

    bob = Visitor(chromium, system, "test_or4-bob", width=375)  # and the pages on a phone
    try:
        link = bob.mail_link(BOB, r"http://\S+/invitations/[\w-]+")
        bob.sign_in(BOB)
        bob_page = bob.page
        bob_page.goto(link)
        assert "Alpine Web" in bob_page.inner_text("h1") and "collaborator" in bob_page.inner_text("#offer")
        bob.shot("invitation")
        bob_page.click("#accept")
        bob_page.wait_for_selector("text=You joined Alpine Web as collaborator")
        assert bob_page.locator("#organization-switcher option:checked").inner_text() == "Alpine Web"
        # OR10: a collaborator sees the details, disabled, and why
        assert bob_page.locator("#f-name").is_disabled() and bob_page.locator("#read-only").is_visible()
        bob.shot("joined-read-only")
        # ...and if the form is sent anyway, orgs refuses it and the page says which rule
        bob_page.evaluate("""() => { const form = document.querySelector("form.card");
            form.querySelectorAll("[disabled]").forEach(field => { field.disabled = false; });
            form.querySelector("#f-name").value = "Taken over"; form.submit(); }""")
        bob_page.wait_for_selector("#form-message")
        assert bob_page.inner_text("#form-message") == "OR10: Collaborators cannot change the organization's details."
        bob.shot("collaborator-refused")
        bob_page.click("button[name=language][value=de]")  # the same page in German
        bob_page.wait_for_selector("h1:has-text('Angaben und Erscheinungsbild')")
        assert bob_page.input_value("#f-name") == "Alpine Web" and "Nur Administratoren" in bob_page.inner_text("#read-only")
        bob.shot("read-only-de")
    finally:
        bob.close()

    page.reload()
    assert "accepted" in page.inner_text("#invitations")
    _organization_page(page, "Members")
    bob_row = page.locator("#members tbody tr", has_text=BOB)
    assert "collaborator" in bob_row.inner_text() and "Technical" in bob_row.inner_text()
    visitor.shot("members-with-bob")


def test_or11_team_built_or12_support_access_granted_with_expiry_or14_audit_log_filters(visitor):
    page = _lea_signed_in(visitor)
    visitor.go("/organizations")
    _organization_page(page, "Teams")
    visitor.shot("teams")
    page.fill("#f-name", "Web")
    page.click("#create-team")
    page.wait_for_selector("text=The team Web was created.")
    page.select_option("#f-account", index=0)  # Lea, the only member
    page.click("#add-member")
    assert "lea" in page.inner_text("#team-member-list")
    page.fill("#f-name", "Web design")
    page.click("#save-team")
    page.wait_for_selector("h1:has-text('Team Web design')")
    visitor.shot("team")
    page.click("#team-member-list a.danger")
    visitor.shot("team-remove-confirm")
    page.click("#confirm")
    page.wait_for_selector("text=Nobody is in this team yet.")
    page.click("text=Delete the team")
    page.click("#confirm")
    page.wait_for_selector("text=The team Web design was deleted.")

    _organization_page(page, "Support access")
    assert "Off" in page.inner_text("#support-mail")
    visitor.shot("support")
    page.click("text=Give access to Mail for 7 days")
    page.wait_for_selector("text=Support may see Mail for 7 days.")
    assert "On until" in page.inner_text("#support-mail") and "Off" in page.inner_text("#support-drive")
    visitor.shot("support-granted")
    page.click("text=Revoke access to Mail")
    visitor.shot("support-revoke-confirm")
    page.click("#confirm")
    page.wait_for_selector("text=Support can no longer see Mail.")
    assert "Off" in page.inner_text("#support-mail")

    _organization_page(page, "Members")
    page.click("#members a:has-text('Change')")
    page.check("#f-contact_legal")
    page.click("#save")
    page.wait_for_selector("text=was updated")

    _organization_page(page, "Audit log")
    visitor.shot("audit")
    texts = page.inner_text("#audit")
    assert "Team created" in texts and "Support access given" in texts and "Support access revoked" in texts
    page.select_option("#f-action", "team.create")
    page.click("#filter")
    assert page.locator("#audit tbody tr").count() == 1
    visitor.shot("audit-filtered")
    page.select_option("#f-action", "")
    page.select_option("#f-actor", index=1)  # Lea did everything; about her only the change of her membership
    page.select_option("#f-target", index=1)
    page.click("#filter")
    assert page.locator("#audit tbody tr").all_inner_texts()[0].count("Member changed") == 1
    assert page.locator("#audit tbody tr").count() == 1
    page.select_option("#f-actor", "")
    page.select_option("#f-target", "")
    page.fill("#f-since", "2999-01-01")
    page.click("#filter")
    assert "0 entries" in page.inner_text("#audit-total") and not page.locator("#audit").count()
    page.goto(page.url.split("?")[0] + "?limit=2")
    first = page.locator("#audit tbody tr").all_inner_texts()
    page.click("#next-page")
    second = page.locator("#audit tbody tr").all_inner_texts()
    assert len(first) == 2 and second and not set(first) & set(second)
    visitor.shot("audit-next-page")
