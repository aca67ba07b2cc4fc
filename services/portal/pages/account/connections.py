"""Where the account is signed in and who may use it: sessions (ended one by one), the login
activity (ID9) and the third-party apps it allowed (ID12), each withdrawn after confirming."""
from datetime import datetime
from math import ceil

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from . import bp
from ...apis import identity

PER_PAGE = 20


def _dated(items, key):
    return [{**item, key: datetime.fromisoformat(item[key]) if item.get(key) else None} for item in items]


def _confirm(title, message, action, button, cancel):
    return render_template("portal/confirm.html", title=title, message=message, action=action, button=button,
                           cancel=cancel)


@bp.get("/sessions")
def sessions():
    return render_template("account/sessions.html", sessions=_dated(identity.sessions(), "created_at"))


@bp.route("/sessions/<uuid:session_id>/end", methods=["GET", "POST"])
def sessions_end(session_id):
    if request.method == "GET" or request.form.get("confirmed") != "1":
        return _confirm(_("End this session?"), _("The browser or app using this session is signed out at once."),
                        url_for("account.sessions_end", session_id=session_id), _("End session"),
                        url_for("account.sessions"))
    identity.end_session(session_id)
    flash(_("The session was ended."), "success")
    return redirect(url_for("account.sessions"), code=303)


@bp.get("/activity")
def activity():
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    found = identity.login_activity(page=page, per_page=PER_PAGE)
    pages = max(ceil(found["total"] / PER_PAGE), 1)
    return render_template("account/activity.html", attempts=_dated(found["items"], "at"), page=page, pages=pages,
                           total=found["total"])


@bp.get("/consents")
def consents():
    return render_template("account/consents.html", consents=_dated(identity.consents(), "granted_at"))


@bp.route("/consents/<string(maxlength=100):client_id>/withdraw", methods=["GET", "POST"])
def consents_withdraw(client_id):
    if request.method == "GET" or request.form.get("confirmed") != "1":
        return _confirm(_("Withdraw the consent of %(app)s?", app=client_id),
                        _("The app loses access to your account now and must ask again next time."),
                        url_for("account.consents_withdraw", client_id=client_id), _("Withdraw consent"),
                        url_for("account.consents"))
    identity.withdraw_consent(client_id)
    flash(_("%(app)s no longer has access to your account.", app=client_id), "success")
    return redirect(url_for("account.consents"), code=303)
