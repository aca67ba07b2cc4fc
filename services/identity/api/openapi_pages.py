"""Identity's HTML pages in its OpenAPI document: what a browser sends and gets back.

Every form POST carries the csrf_token of the page it came from (web/csrf.py); without it the
answer is a 403 problem, before anything else is looked at. Text fields are cut to the length
noted, not refused.
"""
from .openapi_shapes import FORM, PROBLEM_403_CSRF, PROBLEM_413, html, redirect, string

CSRF = {"csrf_token": string("The hidden field of the page the form came from.")}
TO_LOGIN = redirect("No login in progress (or it took over 5 minutes): to /login.")


def _query(name, description):
    return [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}, "description": description}]


def _page(summary, responses, parameters=()):
    return {"get": {"summary": summary, "tags": ["pages"], "parameters": list(parameters), "responses": responses}}


def _form(summary, fields, responses):
    return {"summary": summary, "tags": ["pages"],
            "requestBody": {"required": True, "content": {FORM: {"schema": {
                "type": "object", "properties": {**CSRF, **fields}}}}},
            "responses": {**responses, "403": PROBLEM_403_CSRF, "413": PROBLEM_413}}


def _sent(summary, fields, sent, refused):
    return _form(summary, fields, {"200": html(sent), "422": html(refused)})


LOGIN_FIELDS = {"email": string("Cut to 254 characters."), "password": string("Cut to 256 characters."),
                "next": string("Where to go after login: a path on identity, else /.")}
SIGNUP_FIELDS = {"invitation": string("The invitation token (cut to 100 characters); absent: a sign-up without one."),
                 "email": string("The login email, or the invited address (cut to 254)."),
                 "password": string("Cut to 256."), "first_name": string("Cut to 254."),
                 "last_name": string("Cut to 254."),
                 "mobile": string("Without an invitation, optional: E.164, e.g. +41791234567 (ID5)."),
                 "kind": string("Without an invitation: individual or company (ID3)."),
                 "company_name": string("For a company (ID3); cut to 254."),
                 "currency": string("Without an invitation: CHF or EUR (OR1).")}
LANGUAGE = [{"name": name, "in": "query", "required": False, "schema": {"type": "string"},
             "description": "The page's language (en, fr, de, it, es), remembered in the pp_lang cookie."}
            for name in ("lang", "ui_locales")]

PATHS = {
    "/login": {
        **_page("The login form (ID1).", {"200": html("The form.")},
                _query("next", "Where to go after login: a path on identity, else /.")),
        "post": _form("Log in with email and password (ID1, ID8, ID10).", LOGIN_FIELDS, {
            "303": redirect("Logged in (session cookie set): to `next`; or, with 2FA on, to /login/2fa."),
            "401": html("Wrong email or password, unverified email, or throttled: the form again, saying so "
                        "without telling which.")})},
    "/login/2fa": {
        **_page("The second-factor form (ID6).", {"200": html("The form."), "303": TO_LOGIN}),
        "post": _form("The TOTP or backup code (ID6).", {"code": string("Cut to 20 characters.")}, {
            "303": redirect("Logged in, to `next`; or to /login when no login is in progress."),
            "401": html("A wrong or already used code: the form again.")})},
    "/login/2fa/lost": {
        **_page("No device, no backup code: ask staff for an identity check (ID7).",
                {"200": html("The form."), "303": TO_LOGIN}),
        "post": _form("Open an identity-verification case (ID7).",
                      {"note": {"type": "string", "maxLength": 1000, "description": "Refused over 1000 characters."}},
                      {"200": html("The case is open: its reference."), "303": TO_LOGIN,
                       "422": html("The note is over 1000 characters: the form again.")})},
    "/logout": {"post": _form("End this browser's session (and its refresh tokens).", {}, {
        "303": redirect("To /signed-out.")})},
    "/signed-out": _page("The signed-out page, linking to the portal.", {"200": html("The page.")}, LANGUAGE),
    "/": _page("Identity has no home page: to the portal.", {"303": redirect("To PORTAL_URL.")}),
    "/language": {"post": _form("The language switcher of every page.", {
        "language": string("en, fr, de, it or es; anything else changes nothing."),
        "return_to": string("The page to go back to: a path on identity, else /.")}, {
        "303": redirect("To `return_to`, with the pp_lang cookie (a year, HttpOnly, SameSite=Lax).")})},
    "/signup": {
        **_page("The sign-up page: with an invitation (joins it) or without (creates the person's organization), "
                "ID3.",
                {"200": html("The form (naming the inviting organization, with an invitation)."),
                 "404": html("The invitation is unknown, used, withdrawn or expired."),
                 "503": html("The organizations service could not be asked.")},
                _query("invitation", "The invitation token (cut to 100 characters).") + LANGUAGE),
        "post": _form("Create the account (ID1-ID3), in the page's language; without an invitation a "
                      "verification mail follows.", SIGNUP_FIELDS, {
            "201": html("Done: the account joined the inviting organization, or its verification mail is sent."),
            "404": html("The invitation is unknown, used, withdrawn or expired."),
            "422": html("A missing or malformed field, a weak password, an address already used, or not the "
                        "invited address: the form again, saying so."),
            "503": html("The organizations service could not be asked.")})},
    "/verify-email": {
        **_page("The link mailed at sign-up (ID2).", {
            "200": html("The address is confirmed: a button to the portal."),
            "404": html("The link is invalid, already used or expired: a form asking for a new one.")},
            _query("token", "The token of the mailed link.") + LANGUAGE),
        "post": _form("Ask for a new verification link (ID2); the same answer whether or not the account exists.",
                      {"email": string("The login email (cut to 254).")}, {"200": html("Sent, if there was anything "
                                                                                       "to send.")})},
    "/forgot-password": {
        **_page("Ask for a password-reset link (ID4).", {"200": html("The form.")}, LANGUAGE),
        "post": _sent("Mail a reset link (ID4); the same answer whether or not the account exists.",
                      {"email": string("The login email (cut to 254).")}, "Sent, if there was an account.",
                      "Not an email address: the form again.")},
    "/forgot-login-email": {
        **_page("Recover a forgotten login email from the mobile number (ID5).", {"200": html("The form.")},
                LANGUAGE),
        "post": _sent("Text the login email to the mobile, else open an identity-verification case (ID5); the "
                      "same answer either way.", {"mobile": string("E.164, e.g. +41791234567."),
                                                  "recovery_email": string("Optional (cut to 254).")},
                      "Done (texted, or a case opened).", "Not an E.164 number or not an email: the form again.")},
    "/reset-password": {
        **_page("The page the password-reset mail links to (ID4).", {"200": html("The form.")},
                _query("token", "The token of the mailed link (cut to 100 characters).")),
        "post": _form("Set a new password with the mailed token (ID4); every session ends.", {
            "token": string("Cut to 100 characters."), "password": string("Cut to 256 characters.")}, {
            "200": html("Done."), "422": html("Unknown, used or expired token, or a weak password.")})},
}
