"""Elevations (PX3): partner users' requests for a higher right on one product for a few
hours, approved or declined here, and the products whose requests are approved at once."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError

from ...apis import orgs
from ...forms import Form
from . import bp, terms
from .common import fail, moment, organization, render

TIMES = ("requested_at", "approved_at", "expires_at", "decided_at")


def _entry(elevation, names):
    return {**elevation, **{name: moment(elevation.get(name)) for name in TIMES},
            "product_name": names.get(elevation.get("product_id"), elevation.get("product_id"))}


def elevations_page(form=None, status=200):
    current = organization()
    products = terms.products(current["id"])
    names = {p["id"]: p["name"] for p in products}
    everything = [_entry(e, names) for e in orgs.elevations(current["id"])]
    preapproved = set(orgs.elevation_preapprovals(current["id"]))
    return render("elevations.html", status, organization=current, products=products,
                  pending=[e for e in everything if e["status"] == "pending"],
                  decided=[e for e in everything if e["status"] != "pending"],
                  form=form or Form({f"product-{p}": "1" for p in preapproved}))


@bp.get("/partners/elevations")
def elevations():
    return elevations_page()


def _decide(call, elevation_id, done):
    try:
        call(organization()["id"], elevation_id)
    except DomainError as error:
        return elevations_page(fail(Form(), error), 422)
    flash(done, "success")
    return redirect(url_for(".elevations"), code=303)


@bp.post("/partners/elevations/<uuid:elevation_id>/approval")
def elevations_approve(elevation_id):
    return _decide(orgs.approve_elevation, elevation_id, _("The elevation was approved."))


@bp.post("/partners/elevations/<uuid:elevation_id>/decline")
def elevations_decline(elevation_id):
    return _decide(orgs.decline_elevation, elevation_id, _("The elevation was declined."))


@bp.post("/partners/elevations/preapprovals")
def elevations_preapprovals():
    form = Form(request.form)
    chosen = [name[len("product-"):] for name, value in request.form.items() if name.startswith("product-")
              and value == "1"]
    try:
        orgs.set_elevation_preapprovals(organization()["id"], chosen)
    except DomainError as error:
        return elevations_page(fail(form, error), 422)
    flash(_("The pre-approved products were saved."), "success")
    return redirect(url_for(".elevations"), code=303)
