"""PA10: stopping a link from the partner side, confirming twice: a confirmation page, then
the person's password (identity checks it; the portal never keeps it). Access ends at once."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError

from ...apis import partner
from ...forms import Form
from . import bp
from .common import fail, link_of, organization, render


def _password_page(link, form, status=200):
    return render("stop.html", status, link=link, form=form)


@bp.route("/partner/clients/<uuid:link_id>/stop", methods=["GET", "POST"])
def clients_stop(link_id):
    """Step one: the confirmation page; confirming asks partner for a stop token."""
    current = organization()
    link = link_of(current, link_id)
    if request.method == "POST" and request.form.get("confirmed") == "1":
        started = partner.stop_request(current["id"], link_id)
        return _password_page(link, Form(token=started["token"]))
    return render_template("portal/confirm.html", title=_("Stop the link with %(name)s?", name=link["client_name"]),
                           message=_("You and your staff lose access to %(name)s at once, and its future invoices "
                                     "go back to the client. Both sides are told by email. Next, you confirm with "
                                     "your password.", name=link["client_name"]),
                           action=request.path, button=_("Continue"),
                           cancel=url_for(".clients_detail", link_id=link_id))


@bp.post("/partner/clients/<uuid:link_id>/stop/password")
def clients_stop_password(link_id):
    """Step two: the token of step one with the password."""
    current = organization()
    form = Form({"token": request.form.get("token", "")})
    try:
        partner.stop(current["id"], link_id, form["token"], request.form.get("password", ""))
    except DomainError as error:
        fail(form, error, {"password": "password", "token": "password"})
        return _password_page(link_of(current, link_id), form, 422)
    flash(_("The link was stopped: access ended at once."), "success")
    return redirect(url_for(".clients_detail", link_id=link_id), code=303)
