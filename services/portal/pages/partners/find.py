"""Finding a partner (PA5): approved partners by name or by their legal representative's
email, and authorizing one on the organization's own initiative with the terms chosen here."""
from flask import flash, request
from flask_babel import gettext as _

from services.common.errors import DomainError

from ...apis import partner
from ...forms import Form
from . import bp, terms
from .common import fail, fresh_key, organization, render, to_link

SHORTEST = 2  # partner's search needs at least two characters


@bp.get("/partners/find")
def find():
    current, form = organization(), Form(request.args)
    query, found = (form["q"] or "").strip(), None
    if query and len(query) < SHORTEST:
        form.error("q", _("Enter at least two characters."))
    elif query:
        try:
            found = partner.partners(query)
        except DomainError as error:
            fail(form, error, {"q": "q"})
    return render("find.html", 200 if form.ok else 422, organization=current, form=form, found=found)


@bp.route("/partners/find/<uuid:partner_id>", methods=["GET", "POST"])
def find_authorize(partner_id):
    """The terms for the partner chosen in the search (its name comes along for the title only)."""
    current = organization()
    products = terms.products(current["id"])
    name = request.values.get("name") or _("the partner")
    if request.method == "GET":
        form = Form(terms.values({}), idempotency_key=fresh_key())
    else:
        form = Form(request.form)
        chosen = terms.all_terms(form, products)
        if form.ok:
            try:
                link = partner.authorize_partner(current["id"], partner_id, chosen, form["idempotency_key"] or None)
            except DomainError as error:
                fail(form, error, terms.FIELDS)
                form.values["idempotency_key"] = fresh_key()  # the next attempt is another request
            else:
                flash(_("%(partner)s is now your partner.", partner=link.get("partner_name") or name), "success")
                return to_link(link["id"])
    return render("authorize.html", 200 if form.ok else 422, organization=current, partner_id=partner_id, name=name,
                  products=products, form=form)
