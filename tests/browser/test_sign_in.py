"""Signing in to the portal through identity (ID12: authorization code with PKCE as the
first-party client) and out again; the session cookie's properties."""
import requests

from tests.e2e.system import wait_until

def test_id12_a_person_signs_in_through_identity_and_lands_on_the_portal_home(visitor):
    system = visitor.system
    account = system.sign_up("lea@alpine-web.example", kind="company", name="Alpine Web")
    wait_until(lambda: system.organizations_of(account["id"]), what="the organization")
    page = visitor.sign_in("lea@alpine-web.example")
    assert "Alpine Web" in page.inner_text("main")
    visitor.shot("home")
    cookie = next(c for c in visitor.context.cookies() if c["name"] == "pp_portal")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert "lea@" not in cookie["value"] and "." not in cookie["value"].split("gAAAA", 1)[-1][:20]  # encrypted

    page.click("#sign-out")
    page.wait_for_url("**/signed-out")
    # identity's session ended too: the portal asks for the password again
    page = visitor.go("/")
    page.wait_for_url("**/login**")


def test_a_page_without_a_session_sends_to_sign_in_and_back(visitor):
    response = requests.get(visitor.url("/account/"), allow_redirects=False, timeout=5)
    assert response.status_code == 303 and response.headers["Location"].startswith("/auth/login?next=")
