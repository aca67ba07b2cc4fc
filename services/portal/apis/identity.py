"""identity's API as the signed-in person (accounts, sessions, 2FA, consents)."""
from urllib.parse import quote

from . import base

SERVICE = "identity"


def me():
    return base.get(SERVICE, "/v1/me")


def update_me(**fields):
    return base.patch(SERVICE, "/v1/me", fields)


def login_activity(page=1, per_page=20):
    """ID9: the account's recent sign-ins, newest first ({items, page, per_page, total})."""
    return base.get(SERVICE, "/v1/me/login-activity", page=page, per_page=per_page)


# -- The person's own account (pages/account) ---------------------------------------------

def change_password(current_password, new_password):
    """Every other session of the account ends (identity keeps this one)."""
    return base.post(SERVICE, "/v1/me/password", {"current_password": current_password, "new_password": new_password})


def change_login_email(new_email, password):
    """ID1: a confirmation link goes to `new_email`; the login email changes once it is used."""
    return base.post(SERVICE, "/v1/me/email", {"new_email": new_email, "password": password})


def set_recovery_email(email, password):
    """ID4: where password-reset links go."""
    return base.put(SERVICE, "/v1/me/recovery-email", {"email": email, "password": password})


def set_mobile(mobile, password):
    """ID5: the E.164 number that recovers the login email; None removes it."""
    return base.put(SERVICE, "/v1/me/mobile", {"mobile": mobile, "password": password})


def sessions():
    """The account's open sessions, newest first; `current` marks the one of this sign-in."""
    return base.get(SERVICE, "/v1/me/sessions")


def end_session(session_id):
    return base.delete(SERVICE, f"/v1/me/sessions/{session_id}")


def start_two_factor():
    """ID6: {secret, otpauth_uri}; two-step verification is on only after activate_two_factor."""
    return base.post(SERVICE, "/v1/me/2fa")


def two_factor_qr():
    """The PNG of the pending set-up's otpauth:// URI."""
    return base.call(SERVICE, "GET", "/v1/me/2fa/qr.png", raw=True).content


def activate_two_factor(code):
    """ID6: the 10 backup codes, which identity never shows again."""
    return base.post(SERVICE, "/v1/me/2fa/activate", {"code": code})["backup_codes"]


def disable_two_factor(password):
    """ID7: only from a sign-in that passed two-step verification."""
    return base.call(SERVICE, "DELETE", "/v1/me/2fa", json={"password": password})


def consents():
    """Third-party apps the person allowed, with their scopes (ID12)."""
    return base.get(SERVICE, "/v1/me/consents")


def withdraw_consent(client_id):
    return base.delete(SERVICE, "/v1/me/consents/" + quote(client_id, safe=""))


def delete_me(password):
    """Refused with OR7 (and the organizations' ids) while the person is a last legal representative."""
    return base.call(SERVICE, "DELETE", "/v1/me", json={"password": password})
