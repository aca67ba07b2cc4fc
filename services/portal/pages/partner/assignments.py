"""PA7: the partner's administrators assign which of their members manage a client,
optionally only some of its products in scope; removing one needs a confirmation."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError

from ...apis import partner
from ...forms import Form
from . import bp
from .clients import clients_detail
from .common import confirm, fail, organization

FIELDS = {"products": "products", "account_id": "account_id"}


@bp.post("/partner/clients/<uuid:link_id>/assignments")
def assignments_add(link_id):
    form = Form(request.form)
    chosen = [value for value in request.form.getlist("products") if value] or None
    if not form["account_id"]:
        return clients_detail(link_id, form.error("account_id", _("Choose a member.")), 422)
    try:
        partner.assign(organization()["id"], link_id, form["account_id"], chosen)
    except DomainError as error:
        return clients_detail(link_id, fail(form, error, FIELDS), 422)
    flash(_("The member is assigned to this client."), "success")
    return redirect(url_for(".clients_detail", link_id=link_id), code=303)


@bp.route("/partner/clients/<uuid:link_id>/assignments/<uuid:account_id>/removal", methods=["GET", "POST"])
def assignments_remove(link_id, account_id):
    current = organization()
    return confirm(lambda: partner.unassign(current["id"], link_id, account_id),
                   url_for(".clients_detail", link_id=link_id), _("Remove the assignment?"),
                   _("The member no longer manages this client's products (administrators and legal "
                     "representatives keep their access)."),
                   _("Remove the assignment"), _("The assignment was removed."))
