"""Stopping a link (PA10), in two steps: a confirmation page (partner's stop request gives a
short-lived token, kept in the encrypted session), then the person's password (identity
checks it; the portal only passes it on). Access ends at once and both sides are mailed."""
from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _

from services.common.errors import BadRequest, DomainError

from ...apis import partner
from ...forms import Form
from . import bp
from .common import confirm, fail, organization, render

TOKENS = "partner_stop_tokens"


def _remember(link_id, answer):
    session[TOKENS] = {**session.get(TOKENS, {}), str(link_id): answer["token"]}


@bp.route("/partners/links/<uuid:link_id>/stop", methods=["GET", "POST"])
def links_stop(link_id):
    current = organization()
    link = partner.client_link(current["id"], link_id)
    return confirm(lambda: _remember(link_id, partner.request_stop(current["id"], link_id)),
                   url_for(".links_detail", link_id=link_id),
                   _("Stop the link with %(partner)s?", partner=link["partner_name"]),
                   _("%(partner)s loses its access to your organization at once, and invoices go to your "
                     "organization again. Both sides are told by email. Next, confirm with your password.",
                     partner=link["partner_name"]),
                   _("Continue"), _("Confirm with your password to stop the link."),
                   then=url_for(".links_stop_password", link_id=link_id))


@bp.route("/partners/links/<uuid:link_id>/stop/password", methods=["GET", "POST"])
def links_stop_password(link_id):
    current = organization()
    token = session.get(TOKENS, {}).get(str(link_id))
    if not token:  # the first step first (or again, after the token was used)
        return redirect(url_for(".links_stop", link_id=link_id), code=303)
    link = partner.client_link(current["id"], link_id)
    form = Form()
    if request.method == "POST":
        try:
            partner.stop_link(current["id"], link_id, token, request.form.get("password", ""))
        except BadRequest as error:
            fail(form, error, {"password": "password"})
            if not error.extensions.get("rule"):  # identity's "password incorrect"
                form.error("password", _("This password is not correct."))
        except DomainError as error:
            fail(form, error, {"password": "password"})
        else:
            session[TOKENS] = {k: v for k, v in session.get(TOKENS, {}).items() if k != str(link_id)}
            flash(_("The link with %(partner)s is stopped.", partner=link["partner_name"]), "success")
            return redirect(url_for(".links"), code=303)
    return render("stop.html", 200 if form.ok else 422, organization=current, link=link, form=form)
