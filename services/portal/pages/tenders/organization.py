"""A client organization's calls for tenders (PA13): its list, posting one (open and delivered
at once), and each one's answers with accept and withdraw. For the organization's managers;
partner refuses anyone else (404) whatever the page shows."""
from flask import redirect, render_template, request, url_for

from services.common.errors import DomainError, NotFound

from ... import context
from ...apis import tenders
from ...forms import Form
from ..billing.common import fresh_key, key
from ..organizations.common import fail
from . import bp
from .common import listing, poster_page, render_form
from .form import FIELDS, tender, typed
from .public import accept, withdraw


def _organization(organization_id):
    found = next((o for o in context.organizations() if o["id"] == str(organization_id)), None)
    if found is None:
        raise NotFound("not a member")
    return found


@bp.get("/organizations/current/tenders")
def mine():
    current = context.current_organization()
    if current is None:
        return redirect(url_for("organizations.current"), code=303)
    return redirect(url_for(".organization", organization_id=current["id"]), code=303)


@bp.get("/organizations/<uuid:organization_id>/tenders")
def organization(organization_id):
    found = _organization(organization_id)
    return render_template("tenders/organization.html", organization=found,
                           **listing(tenders.organization_tenders, found["id"]))


@bp.route("/organizations/<uuid:organization_id>/tenders/new", methods=["GET", "POST"])
def organization_new(organization_id):
    found = _organization(organization_id)
    form = typed(Form)
    if request.method == "POST":
        body = tender(form)
        if body is not None:
            try:
                posted = tenders.post_organization_tender(found["id"], body, key(form))
            except DomainError as error:
                fail(form, error, FIELDS)
                form.values["idempotency_key"] = fresh_key()  # the next attempt is another request
            else:
                return redirect(url_for(".organization_tender", organization_id=organization_id,
                                        tender_id=posted["id"]), code=303)
    return render_form("organization_new.html", form, 200 if form.ok else 422, organization=found)


@bp.get("/organizations/<uuid:organization_id>/tenders/<uuid:tender_id>")
def organization_tender(organization_id, tender_id):
    found = tenders.organization_tender(_organization(organization_id)["id"], tender_id)
    return poster_page(found, lambda answer_id: url_for(".organization_accept", organization_id=organization_id,
                                                        tender_id=tender_id, answer_id=answer_id),
                       url_for(".organization_withdraw", organization_id=organization_id, tender_id=tender_id),
                       back=url_for(".organization", organization_id=organization_id))


@bp.route("/organizations/<uuid:organization_id>/tenders/<uuid:tender_id>/answers/<uuid:answer_id>/accept",
          methods=["GET", "POST"])
def organization_accept(organization_id, tender_id, answer_id):
    org = _organization(organization_id)["id"]
    found = tenders.organization_tender(org, tender_id)
    return accept(found, answer_id, lambda: tenders.organization_accept(org, tender_id, str(answer_id)),
                  url_for(".organization_tender", organization_id=organization_id, tender_id=tender_id))


@bp.route("/organizations/<uuid:organization_id>/tenders/<uuid:tender_id>/withdraw", methods=["GET", "POST"])
def organization_withdraw(organization_id, tender_id):
    org = _organization(organization_id)["id"]
    found = tenders.organization_tender(org, tender_id)
    return withdraw(found, lambda: tenders.organization_withdraw(org, tender_id),
                    url_for(".organization_tender", organization_id=organization_id, tender_id=tender_id))
