"""PA4, PX1: the partner's clients (search by name, status filter, paging by cursor), one
client's link (its scope, the products in scope, staff assignments), resending or
withdrawing a pending request (withdrawing after a confirmation)."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from ...apis import billing, orgs, partner
from ...forms import Form
from ...labels import LINK_STATUSES
from . import bp
from .common import confirm, link_of, manager, member_name, optional, organization, page_size, render

PAGE_STATUSES = ("pending", "active", "declined", "withdrawn", "expired", "stopped", "ended")


@bp.get("/partner/clients")
def clients():
    current = organization()
    chosen = request.args.get("status") if request.args.get("status") in LINK_STATUSES else ""
    query, cursor = (request.args.get("q") or "").strip(), request.args.get("cursor") or None
    page = partner.links(current["id"], status=chosen, query=query, cursor=cursor, limit=page_size())
    return render("clients.html", organization=current, links=page["items"], next_cursor=page.get("next_cursor"),
                  paged=bool(cursor), status_filter=chosen, query=query, statuses=PAGE_STATUSES)


def products_in_scope(link):
    """The client's products the link reaches (billing answers through the person's token,
    orgs deciding through the link), each with the rights the link grants on it."""
    if link["status"] != "active":
        return []
    found = optional(billing.products, link["client_organization_id"]) or []
    granted = link.get("products") or {}
    if link.get("scope") == "limited":
        found = [p for p in found if str(p["id"]) in granted]
    return [{**p, "rights": granted.get(str(p["id"]))} for p in found]


def detail_values(current, link):
    products = products_in_scope(link)
    values = {"link": link, "products": products, "product_names": {str(p["id"]): p["name"] for p in products},
              "assignments": None, "members": []}
    if manager(current):
        values["assignments"] = optional(partner.assignments, current["id"], link["id"])
        members = optional(orgs.members, current["id"]) or []
        values["members"] = [(str(m["account_id"]), member_name(m)) for m in members if not m.get("external")]
    names = dict(values["members"])
    for item in values["assignments"] or []:
        item["name"] = names.get(str(item["account_id"]), item.get("email") or str(item["account_id"]))
    return values


@bp.get("/partner/clients/<uuid:link_id>")
def clients_detail(link_id, form=None, status=200, product_form=None):
    """`product_form`: a refused product option (client_products) shown above the products."""
    current = organization()
    link = link_of(current, link_id)
    return render("client.html", status, organization=current, form=form or Form(), product_form=product_form,
                  **detail_values(current, link))


@bp.post("/partner/clients/<uuid:link_id>/resend")
def clients_resend(link_id):
    link = partner.resend_link(organization()["id"], link_id)
    flash(_("The request was sent again to %(name)s; it now expires 30 days from today.",
            name=link.get("client_name") or ""), "success")
    return redirect(url_for(".clients_detail", link_id=link_id), code=303)


@bp.route("/partner/clients/<uuid:link_id>/withdrawal", methods=["GET", "POST"])
def clients_withdraw(link_id):
    current = organization()
    link = link_of(current, link_id)
    return confirm(lambda: partner.withdraw_link(current["id"], link_id),
                   url_for(".clients_detail", link_id=link_id),
                   _("Withdraw the request to %(name)s?", name=link.get("client_name") or ""),
                   _("The client can no longer approve it. You can ask again later."),
                   _("Withdraw the request"), _("The request was withdrawn."))
