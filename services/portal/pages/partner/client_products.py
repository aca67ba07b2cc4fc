"""PA6, PA7: on a client's page, the partner's staff switch the renewal warranty (BI4) or the
automatic renewal (BI3) of one product in scope, through billing with their own token. orgs
decides through the link (technical rights: allowed; statistics only, another client's
product, an unassigned collaborator: refused); a refusal re-renders the client's page with
PA6's sentence and the product marked, nothing changed."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError, Forbidden, NotFound
from services.common.i18n import N_

from ... import rules
from ...apis import billing
from ...forms import Form
from . import bp
from .clients import clients_detail
from .common import link_of, organization

OPTIONS = {  # option in the path: (API call, what is said after, switched off / on)
    "warranty": (billing.set_warranty, (N_("The renewal warranty of %(name)s is now off."),
                                        N_("The renewal warranty of %(name)s is now on."))),
    "auto-renewal": (billing.set_auto_renewal, (N_("Automatic renewal of %(name)s is now off."),
                                                N_("Automatic renewal of %(name)s is now on."))),
}


@bp.post("/partner/clients/<uuid:link_id>/products/<uuid:product_id>/<any(warranty, 'auto-renewal'):option>")
def clients_product_option(link_id, product_id, option):
    link = link_of(organization(), link_id)
    form, (call, done) = Form(request.form, product_id=str(product_id), option=option), OPTIONS[option]
    enabled = form["enabled"] == "1"
    try:
        changed = call(link["client_organization_id"], [str(product_id)], enabled)
    except (Forbidden, NotFound):  # billing's answer when the link does not let this person manage it
        form.message = rules.sentence("PA6", _)
        return clients_detail(link_id, status=403, product_form=form)
    except DomainError as error:  # BI3, BI4: the product's own rules
        return clients_detail(link_id, status=422, product_form=form.fail(error))
    flash(_(done[enabled], name=changed[0]["name"] if changed else ""), "success")
    return redirect(url_for(".clients_detail", link_id=link_id), code=303)
