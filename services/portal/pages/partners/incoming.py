"""Partner requests (PA4, PA5): what partners asked for, approved with the requested scope or
another one (with who pays and an end date), or declined after a confirmation."""
from flask import flash, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError, NotFound

from ...apis import partner
from ...forms import Form
from . import bp, terms
from .common import confirm, fail, organization, render, to_link


@bp.get("/partners/requests")
def requests():
    current = organization()
    pending = [l for l in partner.client_links(current["id"], status="pending") if l.get("initiated_by") != "client"]
    return render("requests.html", organization=current, requests=pending)


def _pending(current, link_id):
    link = partner.client_link(current["id"], link_id)
    if link["status"] != "pending":
        raise NotFound("This request was already decided.")
    return link


@bp.route("/partners/requests/<uuid:link_id>", methods=["GET", "POST"])
def requests_detail(link_id):
    """The request's terms, prefilled with what the partner asked: approved as they are or changed."""
    current = organization()
    link = _pending(current, link_id)
    requested = {**(link.get("requested") or {}), "ends_at": link.get("ends_at"),
                 "auto_extend": link.get("auto_extend")}
    products = terms.products(current["id"], requested)
    form = Form(request.form) if request.method == "POST" else Form(terms.values(requested))
    if request.method == "POST":
        chosen = terms.all_terms(form, products)
        if form.ok:
            try:
                partner.approve_link(current["id"], link_id, chosen)
            except DomainError as error:
                fail(form, error, terms.FIELDS)
            else:
                flash(_("%(partner)s is now your partner.", partner=link["partner_name"]), "success")
                return to_link(link_id)
    return render("request.html", 200 if form.ok else 422, organization=current, link=link, requested=requested,
                  products=products, form=form)


@bp.route("/partners/requests/<uuid:link_id>/decline", methods=["GET", "POST"])
def requests_decline(link_id):
    current = organization()
    link = _pending(current, link_id)
    return confirm(lambda: partner.decline_link(current["id"], link_id), url_for(".requests_detail", link_id=link_id),
                   _("Decline the request of %(partner)s?", partner=link["partner_name"]),
                   _("%(partner)s gets no access to your organization and is told by email. It may ask again "
                     "later.", partner=link["partner_name"]),
                   _("Decline the request"), _("The request of %(partner)s was declined.",
                                               partner=link["partner_name"]), then=url_for(".requests"))
