"""`/r/<code>`: the affiliate's public link. The code goes into the referral cookie (the first
one stays) and the browser on to identity's sign-up, which passes it on; someone already signed
in goes home (their next order carries the code)."""
from urllib.parse import urlencode

from flask import current_app, redirect, url_for

from ... import referral, signin
from . import bp


@bp.get("/r/<code>")
def referral_link(code):
    code = referral.normalized(code)
    first = referral.kept() or code
    if signin.signed_in():
        target = url_for("home.index")
    else:
        target = current_app.config["ISSUER"].rstrip("/") + "/signup" + (
            "?" + urlencode({"referral_code": first}) if first else "")
    return referral.keep(redirect(target, code=303), code)
