"""GET /oauth/logout: OpenID Connect RP-Initiated Logout 1.0 (ID12), see oauth/logout.py.

With a valid `id_token_hint` the login it names ends (and this browser's, when it is the same
account's), the cookie goes, and the browser returns to `post_logout_redirect_uri` (with
`state`) when that address is registered for the client; otherwise a signed-out page links to
the portal. Without a valid hint nothing ends from a GET: a still logged-in person is asked
to confirm (a form posting to /logout), anyone else sees the signed-out page.
"""
from flask import current_app, redirect, request

from ..oauth import logout as rp_logout
from .render import page
from .sessions import COOKIE, current_login


def end_session():
    args = {name: request.args.get(name, "") for name in
            ("id_token_hint", "post_logout_redirect_uri", "client_id", "state")}
    jwks = current_app.extensions["signing_keys"].public_jwks()
    claims = rp_logout.id_token_claims(args["id_token_hint"], current_app.config["ISSUER"], jwks)
    login = current_login()
    if claims is None:
        response = page("signed_out.html", confirm=login is not None)
        if login is None:
            response.delete_cookie(COOKIE, path="/")
        return response
    own_browser = login is not None and str(login.account.id) == claims["sub"]
    rp_logout.end_login(claims, login.session.id if own_browser else None)
    target = rp_logout.redirect_target(rp_logout.hinted_client(claims, args["client_id"]),
                                       args["post_logout_redirect_uri"], args["state"])
    response = redirect(target, code=303) if target else page("signed_out.html", confirm=False)
    if own_browser or login is None:
        response.delete_cookie(COOKIE, path="/")
    response.headers["Cache-Control"] = "no-store"
    return response
