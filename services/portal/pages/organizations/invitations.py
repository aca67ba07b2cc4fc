"""Invitations (OR4): sending, resending and withdrawing them; accepting or declining one
from the mail's link."""
from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError
from services.common.i18n import LANGUAGE_NAMES
from services.common.web_pages import current_language

from ... import context
from ...apis import orgs
from ...forms import Form
from ...labels import GLOBALS, ROLES
from . import bp
from .common import CONTACTS, confirm, fail, load, moment, product_ids, refresh_organizations, render

FIELDS = {"email": "email", "role": "role", "product_ids": "product_ids", "language": "language"}


def _page(organization_id, form, status=200):
    items = [{**i, "expires_at": moment(i.get("expires_at"))} for i in orgs.invitations(organization_id)]
    return render("invitations.html", load(organization_id), status, form=form, invitations=items,
                  roles=[(code, _(label)) for code, label in ROLES.items()], mail_languages=list(LANGUAGE_NAMES.items()))


@bp.route("/organizations/<uuid:organization_id>/invitations", methods=["GET", "POST"])
def invitations(organization_id):
    form = Form(request.form or None, role="collaborator", language=current_language())
    if request.method == "POST":
        invitation = {"email": form["email"].strip(), "role": form["role"], "external": form.get("external") == "1",
                      "billing_rights": form.get("billing_rights") == "1",
                      "contact_preferences": {code: form.get(f"contact_{code}") == "1" for code in CONTACTS},
                      "product_ids": product_ids(form.get("product_ids")), "language": form["language"]}
        try:
            orgs.invite(organization_id, invitation)
        except DomainError as error:
            fail(form, error, FIELDS)
            return _page(organization_id, form, 422)
        flash(_("An invitation was sent to %(email)s.", email=invitation["email"]), "success")
        return redirect(url_for(".invitations", organization_id=organization_id), code=303)
    return _page(organization_id, form)


@bp.post("/organizations/<uuid:organization_id>/invitations/<uuid:invitation_id>/resend")
def invitations_resend(organization_id, invitation_id):
    sent = orgs.resend_invitation(organization_id, invitation_id)
    flash(_("A reminder was sent to %(email)s.", email=sent["email"]), "success")
    return redirect(url_for(".invitations", organization_id=organization_id), code=303)


@bp.route("/organizations/<uuid:organization_id>/invitations/<uuid:invitation_id>/withdraw", methods=["GET", "POST"])
def invitations_withdraw(organization_id, invitation_id):
    return confirm(lambda: orgs.withdraw_invitation(organization_id, invitation_id),
                   url_for(".invitations", organization_id=organization_id), _("Withdraw the invitation?"),
                   _("Its link stops working at once. You can invite the address again later."),
                   _("Withdraw the invitation"), _("The invitation was withdrawn."))


@bp.get("/invitations/<string(maxlength=100):token>")
def invitation(token):
    """The link orgs mails to a known address: the organization and the role it offers, to
    accept or decline (a closed or foreign invitation: the API's refusal as a page)."""
    offer = orgs.invitation_for_me(token)
    offer["expires_at"] = datetime.fromisoformat(offer["expires_at"])
    return render_template("organizations/invitation.html", token=token, offer=offer)


@bp.post("/invitations/<string(maxlength=100):token>/accept")
def invitation_accept(token):
    joined = orgs.accept_invitation(token)
    refresh_organizations()
    context.choose_organization(joined["id"])
    flash(_("You joined %(name)s as %(role)s; you are now working in it.", name=joined["name"],
            role=GLOBALS["role_name"](joined.get("my_role"))), "success")
    return redirect(url_for(".details", organization_id=joined["id"]), code=303)


@bp.post("/invitations/<string(maxlength=100):token>/decline")
def invitation_decline(token):
    orgs.decline_invitation(token)
    flash(_("You declined the invitation."), "success")
    return redirect(url_for("home.index"), code=303)
