"""The partner side of the programme and staff's review through the portal (issue 11): a company
applies (a wrong UID check digit refused next to the field first), staff approve it on their
page, which refuses anyone without the staff scope; the partner invites a client by its legal
representative's email and sees the pending request, resends it, assigns a collaborator,
filters and pages its clients (in German too), withdraws a request after a confirmation, and
stops an approved link in two steps, the second with its password."""
import re

import pytest
import requests

from tests.conftest import AMQP_URL
from tests.e2e.system import SERVICES, System, wait_until

from .harness import Visitor
from .test_billing import _click, _flash

LEA = "lea@alpine-web.example"  # Alpine Web's legal representative: the partner
CARL = "carl@alpine-web.example"  # a collaborator of Alpine Web
BOB = "bob@bergbau.example"  # Bergbau AG's legal representative: the client
STAFF = "staff@partner-portal.example"  # identity's demo staff account (seed)
STAFF_PASSWORD = "demo-password-2026"
PASSWORD = "correct horse battery"
VALID_UID = "CHE-123.456.788"
WRONG_UID = "CHE-123.456.789"  # its check digit is wrong (PA1)


@pytest.fixture
def portal_system(tmp_path, databases, amqp_prefix):
    """The whole system as in conftest, its lists paged by 2 rows so that paging shows."""
    system = System(tmp_path, databases, AMQP_URL, amqp_prefix, TEST_CLOCK="1", CLOCK_FILE=str(tmp_path / "clock"),
                    RUN_SCHEDULE_POLL_SECONDS="0.5", PORTAL_PAGE_SIZE="2")
    system.start(*SERVICES, "portal")
    yield system
    system.close()


def _signed_up(system, email, name, kind="company"):
    account = system.sign_up(email, kind=kind, name=name)
    organizations = wait_until(lambda: system.organizations_of(account["id"]), what="the organization")
    return account, organizations[0]["id"]


def _token(system, email):
    return system.cli("identity", "token", email, stdin=PASSWORD + "\n").stdout.strip()


def _api(system, token, method, service, path, body=None):
    response = requests.request(method, system.url(service) + path, json=body, timeout=10,
                                headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 300, response.text
    return response.json() if response.content else None


def _collaborator(visitor, partner_id, lea_token):
    """Carl joins Alpine Web as a collaborator through orgs' invitation (API, mail link)."""
    system = visitor.system
    _signed_up(system, CARL, None, kind="individual")
    _api(system, lea_token, "POST", "orgs", f"/v1/organizations/{partner_id}/invitations",
         {"email": CARL, "role": "collaborator"})
    token = re.search(r"/invitations/([\w-]+)", visitor.mail_link(CARL, r"/invitations/[\w-]+")).group(1)
    _api(system, _token(system, CARL), "POST", "orgs", f"/v1/invitations/{token}/accept")


def _apply(visitor, page):
    """PA1: the programme page offers the form; a wrong check digit is refused next to the field."""
    _click(page, "nav.site-nav >> text=Partner programme")
    visitor.shot("programme")
    page.fill("#f-legal_name", "Alpine Web AG")
    page.select_option("#f-register_country", "CH")
    page.fill("#f-register_number", WRONG_UID)
    page.fill("#f-website", "https://www.alpine-web.example")
    page.check("#f-accept_conditions")
    _click(page, "#apply")
    assert page.inner_text("#f-register_number-error") or "PA1:" in page.inner_text("#form-message")
    assert not page.locator("#application").count()  # nothing was sent
    visitor.shot("application-refused")
    page.fill("#f-register_number", VALID_UID)
    page.check("#f-accept_conditions")
    _click(page, "#apply")
    assert "Your application was sent." in _flash(page)
    assert page.inner_text("#application-status") == "pending review"
    assert "automatically" in page.inner_text("#application-review")
    visitor.shot("application-pending")


def _staff_approves(visitor, chromium):
    """PA1: staff see the pending application first and approve it after a confirmation."""
    staff = Visitor(chromium, visitor.system, visitor.folder.name + "-staff")
    try:
        assert visitor.system.cli("identity", "seed").returncode == 0
        page = staff.sign_in(STAFF, STAFF_PASSWORD)
        _click(page, "nav.site-nav >> text=Applications to review")
        row = page.locator("#applications tbody tr", has_text="Alpine Web AG")
        assert row.locator(".status").inner_text() == "pending review"
        staff.shot("applications")
        _click(page, "#applications >> text=Alpine Web AG")
        assert page.inner_text("#register-number") == VALID_UID
        assert "automatically" in page.inner_text("#manual-review")
        staff.shot("application")
        _click(page, "#approve")
        staff.shot("approve-confirm")
        _click(page, "#confirm")
        assert "Alpine Web AG is now a partner." in _flash(page)
        assert page.inner_text("#application-status") == "approved"
    finally:
        staff.close()


def _refused_to_non_staff(visitor, page):
    assert not page.locator("nav.site-nav >> text=Applications to review").count()
    visitor.go("/staff/applications")
    assert "Not allowed" in page.inner_text("h1")
    visitor.shot("staff-page-refused")


def _invite(visitor, page):
    """PA4: invite Bergbau AG through its legal representative's email: pending, resent."""
    visitor.go("/partner/clients/new")
    page.fill("#f-email", BOB)
    page.check("#f-scope-limited")  # no product typed: refused, nothing requested
    _click(page, "#send-request")
    assert page.locator("#form-message, .field-error").count()
    visitor.shot("invite-refused")
    page.check("#f-scope-full")
    page.check("#f-payer-client")
    _click(page, "#send-request")
    assert "The request was sent to Bergbau AG" in _flash(page)
    assert page.inner_text("#link-status") == "waiting for the client"
    assert page.locator("#request-expires").count()
    visitor.shot("request-pending")
    page.set_viewport_size({"width": 375, "height": 800})  # usable on a phone
    visitor.shot("request-pending-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    _click(page, "#resend")
    assert "sent again" in _flash(page)
    return re.search(r"/partner/clients/([0-9a-f-]{36})", page.url).group(1)


def _assign(visitor, page):
    """PA7: the administrators assign Carl to the client; removing needs a confirmation."""
    assert page.locator("#no-assignments").count()
    value = page.locator("#f-account_id option", has_text=CARL.split("@")[0]).first.get_attribute("value")
    page.select_option("#f-account_id", value)
    _click(page, "#assign")
    assert "The member is assigned to this client." in _flash(page)
    assert page.locator("#assignments tbody tr").count() == 1
    visitor.shot("assigned")


def _clients_filtered_and_paged(visitor, page, lea_token, partner_id):
    """Two more clients created by the partner: three in all, two per page; search and status."""
    for name, email in (("Chalet Rösti GmbH", "anna@chalet.example"), ("Dufour SA", "marc@dufour.example")):
        _api(visitor.system, lea_token, "POST", "partner", f"/v1/partners/{partner_id}/links",
             {"client": {"new_organization": {"name": name, "kind": "company", "currency": "CHF",
                                              "legal_representative": {"email": email, "first_name": "A",
                                                                       "last_name": "B", "language": "fr"}}},
              "scope": {"scope": "full", "products": None, "billing": False}, "payer": "client"})
    _click(page, "nav[aria-label='Partner programme pages'] >> text=Clients")
    assert page.locator("#clients tbody tr").count() == 2
    visitor.shot("clients-page-1")
    _click(page, "#next-page")
    assert page.locator("#clients tbody tr").count() == 1
    visitor.shot("clients-page-2")
    page.fill("#f-q", "bergbau")
    _click(page, "#filter")
    assert page.locator("#clients tbody tr").count() == 1 and "Bergbau AG" in page.inner_text("#clients")
    page.fill("#f-q", "")
    page.select_option("#f-status", "active")
    _click(page, "#filter")
    assert page.locator("#no-clients").count()
    visitor.shot("clients-filtered")
    _click(page, "button[name=language][value=de]")  # the same page in German: nothing left in English
    visitor.assert_translated("de")
    visitor.shot("clients-de")
    _click(page, "button[name=language][value=en]")


def _withdraw(visitor, page, link_id):
    visitor.go(f"/partner/clients/{link_id}")
    _click(page, "text=Withdraw the request")
    visitor.shot("withdraw-confirm")
    _click(page, "#confirm")
    assert "The request was withdrawn." in _flash(page)
    assert page.inner_text("#link-status") == "withdrawn"


def _stop(visitor, page, link_id):
    """PA10: a confirmation page, then the password (a wrong one refused), then stopped."""
    visitor.go(f"/partner/clients/{link_id}")
    assert page.inner_text("#link-status") == "active"
    visitor.shot("client-active")
    _click(page, "text=Stop the link")
    visitor.shot("stop-confirm")
    _click(page, "#confirm")
    page.fill("#f-password", "not my password at all")
    _click(page, "#stop-link")
    assert page.locator("#form-message").count()
    visitor.shot("stop-password-refused")
    page.fill("#f-password", PASSWORD)
    _click(page, "#stop-link")
    assert "The link was stopped" in _flash(page)
    assert page.inner_text("#link-status") == "stopped"


def test_pa1_pa4_pa7_pa10_a_company_applies_is_approved_invites_assigns_pages_and_stops(visitor, chromium):
    system = visitor.system
    _lea, partner_id = _signed_up(system, LEA, "Alpine Web")
    _bob, client_id = _signed_up(system, BOB, "Bergbau AG")
    lea_token = _token(system, LEA)
    _collaborator(visitor, partner_id, lea_token)
    page = visitor.sign_in(LEA)
    _apply(visitor, page)
    _refused_to_non_staff(visitor, page)
    _staff_approves(visitor, chromium)

    visitor.go("/partner")
    assert page.locator("#partner-status").count()
    visitor.shot("partner-approved")
    link_id = _invite(visitor, page)
    _assign(visitor, page)
    _clients_filtered_and_paged(visitor, page, lea_token, partner_id)

    # Bergbau's legal representative approves (the client side's API); the partner stops the link
    _api(system, _token(system, BOB), "POST", "partner", f"/v1/clients/{client_id}/links/{link_id}/approval", {})
    _stop(visitor, page, link_id)

    other = _api(system, lea_token, "GET", "partner", f"/v1/partners/{partner_id}/links?q=Dufour")["items"][0]
    _withdraw(visitor, page, other["id"])
