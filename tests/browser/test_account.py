"""The person's own account in the portal (pages/account): two-step verification (ID6, ID7),
login activity and sessions (ID9, ID12), profile and language, the password (ID1), the
login email (ID1), recovery (ID4, ID5) and deletion confirmed with the password (OR7 explained). Every page is checked with axe-core (visitor.shot)."""
import requests

from tests.e2e.system import wait_until

PASSWORD = "correct horse battery"


def _signed_up(visitor, email, **kwargs):
    system = visitor.system
    account = system.sign_up(email, **kwargs)
    wait_until(lambda: system.organizations_of(account["id"]), what="the organization")
    visitor.sign_in(email)
    return account


def _submit(page, button):
    page.click(button)
    page.wait_for_load_state()
    return page


def test_id6_two_step_set_up_shows_qr_and_ten_backup_codes_once_then_sign_in_needs_a_code(visitor):
    _signed_up(visitor, "ada@example.com")
    page = visitor.go("/account/two-step")
    assert "Off." in page.inner_text("#two-step-status")
    visitor.shot("two-step-off")

    _submit(page, "#set-up-two-step")
    page.wait_for_url("**/account/two-step/setup")
    qr = page.locator("#totp-qr")
    assert qr.get_attribute("src") == "/account/two-step/qr.png" and qr.get_attribute("alt")
    assert page.evaluate("document.getElementById('totp-qr').naturalWidth") > 0  # the PNG came through the portal
    secret = page.inner_text("#totp-secret").strip()
    visitor.shot("two-step-setup")

    page.fill("#f-code", "12345")  # bad input: next to the field, and still off
    _submit(page, "#activate-two-step")
    assert page.locator("#f-code-error").is_visible()
    visitor.shot("two-step-bad-code")

    page.fill("#f-code", visitor.totp(secret))
    _submit(page, "#activate-two-step")
    codes = page.locator("#backup-codes li").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    visitor.shot("backup-codes")

    page = visitor.go("/account/two-step")  # again: the codes are never shown a second time
    assert page.locator("#backup-codes").count() == 0 and codes[0] not in page.content()
    assert "On." in page.inner_text("#two-step-status")
    visitor.shot("two-step-on")

    # ID7: this sign-in did not pass two-step verification, so it cannot turn it off
    page = visitor.go("/account/two-step/disable")
    visitor.shot("two-step-disable")
    page.fill("#f-password", PASSWORD)
    _submit(page, "#confirm")
    assert page.inner_text("#form-message").startswith("ID7:")
    visitor.shot("two-step-disable-refused")

    page.click("#sign-out")
    page.wait_for_url("**/signed-out")
    visitor.advance(30)  # the activation's code is spent (ID6): sign in with the next one
    visitor.sign_in("ada@example.com", code=lambda: visitor.totp(secret))
    page = visitor.go("/account/two-step/disable")
    page.fill("#f-password", PASSWORD)
    _submit(page, "#confirm")
    page.wait_for_url("**/account/two-step")
    assert "Off." in page.inner_text("#two-step-status")
    visitor.shot("two-step-turned-off")


def test_id9_login_activity_lists_the_sign_in_and_a_session_is_ended(visitor):
    system = visitor.system
    _signed_up(visitor, "ben@example.com")
    other = system.cli("identity", "token", "ben@example.com", stdin=PASSWORD + "\n")  # a second session
    assert other.returncode == 0, other.stderr
    token = other.stdout.strip()
    me = lambda: requests.get(visitor.url("/v1/me", "identity"), headers={"Authorization": f"Bearer {token}"},  # noqa: E731
                              timeout=5)
    assert me().status_code == 200

    page = visitor.go("/account/activity")
    rows = page.locator("#login-activity tbody tr")
    assert rows.count() >= 2 and "Succeeded" in rows.first.inner_text()
    assert "python -m services.identity token" in page.inner_text("#login-activity")
    visitor.shot("login-activity")

    page = visitor.go("/account/sessions")
    assert page.locator("#sessions tbody tr").count() == 2
    assert page.locator("#sessions tr.current").count() == 1
    assert "This session" in page.inner_text("#sessions tr.current")
    visitor.shot("sessions")
    page.locator("#sessions tbody tr:not(.current) a").click()
    page.wait_for_url("**/end")
    visitor.shot("session-end-confirm")
    _submit(page, "#confirm")
    page.wait_for_url("**/account/sessions")
    assert page.locator("#sessions tbody tr").count() == 1 and page.locator("#sessions tr.current").count() == 1
    visitor.shot("session-ended")
    # the other session's token is refused (identity reloads its revocation list every second)
    wait_until(lambda: me().status_code == 401, timeout=5, what="the ended session's token refused")

    page = visitor.go("/account/consents")
    assert page.locator("#no-consents").is_visible()
    visitor.shot("consents")


def test_profile_language_makes_the_page_german_and_bad_input_changes_nothing(visitor):
    _signed_up(visitor, "lea@alpine-web.example", kind="company", name="Alpine Web")
    page = visitor.go("/account/")
    visitor.shot("profile")
    page.fill("#f-first_name", "")  # bad input: next to the field, nothing saved
    _submit(page, "#save-profile")
    assert page.locator("#f-first_name-error").is_visible()
    visitor.shot("profile-bad")
    page.fill("#f-first_name", "Lea")
    page.fill("#f-last_name", "Muster")
    page.select_option("#f-language", "de")
    _submit(page, "#save-profile")
    assert page.get_attribute("html", "lang") == "de"
    assert "Profil" in page.inner_text("h1") and page.input_value("#f-first_name") == "Lea"
    assert "gespeichert" in page.inner_text("main")  # the message is German already
    visitor.shot("profile-german")
    page.select_option("#f-language", "en")
    _submit(page, "#save-profile")
    assert page.get_attribute("html", "lang") == "en"

    # ID1: a wrong current password, then a weak new one: each next to its field
    page = visitor.go("/account/password")
    page.fill("#f-current_password", "not my password")
    page.fill("#f-new_password", "a much better passphrase")
    _submit(page, "#change-password")
    assert "not right" in page.inner_text("#f-current_password-error")
    visitor.shot("password-wrong-current")
    page.fill("#f-current_password", PASSWORD)
    page.fill("#f-new_password", "1234567890")
    _submit(page, "#change-password")
    assert "digits" in page.inner_text("#f-new_password-error")
    visitor.shot("password-weak")

    # ID1: the new login email gets a confirmation link; an invalid one is refused
    page = visitor.go("/account/login-email")
    page.fill("#f-new_email", "lea@example")
    page.fill("#f-password", PASSWORD)
    _submit(page, "#change-email")
    assert page.locator("#f-new_email-error").is_visible()
    visitor.shot("login-email-invalid")
    page.fill("#f-new_email", "lea.muster@alpine-web.example")
    page.fill("#f-password", PASSWORD)
    _submit(page, "#change-email")
    assert "lea.muster@alpine-web.example" in page.inner_text(".flash-success")
    assert "lea@alpine-web.example" in page.inner_text("main")  # unchanged until the link is used
    visitor.shot("login-email-sent")
    visitor.mail_link("lea.muster@alpine-web.example", r"https?://\S+token=\S+")

    # ID4, ID5: recovery email and mobile, each after the password
    page = visitor.go("/account/recovery")
    page.fill("#f-recovery_email", "lea.private@example.org")
    page.fill("#f-email_password", "wrong password")
    _submit(page, "#save-recovery-email")
    assert page.locator("#f-email_password-error").is_visible()
    visitor.shot("recovery-email-wrong-password")
    page.fill("#f-email_password", PASSWORD)
    _submit(page, "#save-recovery-email")
    assert "lea.private@example.org" in page.inner_text("#current-recovery-email")
    page.fill("#f-mobile", "079 123 45 67")
    page.fill("#f-mobile_password", PASSWORD)
    _submit(page, "#save-mobile")
    assert "+41" in page.inner_text("#f-mobile-error")
    visitor.shot("mobile-invalid")
    page.fill("#f-mobile", "+41 79 123 45 67")
    page.fill("#f-mobile_password", PASSWORD)
    _submit(page, "#save-mobile")
    assert "+41791234567" in page.inner_text("#current-mobile")
    visitor.shot("recovery-saved")

    # Deleting the account: confirmed with the password; a wrong one is refused next to the field.
    # (The OR7 refusal itself is not reached here: identity asks orgs with a client-credentials
    # token fetched from its own /oauth/token, which its single test worker cannot answer while
    # busy with this request.)
    page = visitor.go("/account/delete")
    assert "OR7" in page.inner_text("main")
    visitor.shot("delete")
    page.fill("#f-password", "not my password")
    _submit(page, "#confirm")
    assert "not right" in page.inner_text("#f-password-error")
    visitor.shot("delete-wrong-password")
    assert visitor.go("/account/").input_value("#f-first_name") == "Lea"  # still there
