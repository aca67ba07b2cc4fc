"""A partner's tender inbox (PA13): only the calls for tenders partner delivered to it (any
other is 404), answering one with a message and a price range, and, when the poster accepted
its answer, confirming the pre-filled link request, which needs the promise that the contract
uses only the provider's products."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError, NotFound

from ... import rules
from ...apis import tenders
from ...forms import Form
from ..billing.common import amount, amount_error, organization
from ..organizations.common import fail
from ..partner.common import optional
from . import bp
from .common import listing, moment
from .form import CURRENCIES

ANSWER_FIELDS = {"message": "message", "price.min": "price_min", "price.max": "price_max",
                 "price.currency": "currency", "price": "price_max"}


@bp.get("/partner/tenders")
def inbox():
    current = organization()
    return render_template("tenders/inbox.html", organization=current, **listing(tenders.inbox, current["id"]))


def _price(form):
    currency = form["currency"] if form["currency"] in CURRENCIES else "CHF"
    price = {"currency": currency}
    for bound in ("min", "max"):
        try:
            price[bound] = amount(form[f"price_{bound}"], currency)["amount"]
        except ValueError:
            form.error(f"price_{bound}", amount_error())
    if not form["message"]:
        form.error("message", _("Write your answer."))
    return price if form.ok else None


def _page(current, found, form, award_form, status=200):
    award = optional(tenders.award, current["id"], found["id"]) if found.get("awarded_to_me") else None
    return render_template("tenders/delivered.html", organization=current, tender=found, form=form, award=award,
                           award_form=award_form, currencies=[(code, code) for code in CURRENCIES], moment=moment,
                           deadline=moment(found.get("deadline"))), status


@bp.route("/partner/tenders/<uuid:tender_id>", methods=["GET", "POST"])
def delivered(tender_id):
    current = organization()
    found = tenders.delivered(current["id"], tender_id)
    form = Form(request.form or None, currency=found.get("budget", {}).get("currency", "CHF"))
    if request.method == "POST":
        price = _price(form)
        if price is not None:
            try:
                tenders.answer(current["id"], tender_id, form["message"], price)
            except DomainError as error:
                fail(form, error, ANSWER_FIELDS)
            else:
                flash(_("Your answer was sent."), "success")
                return redirect(url_for(".delivered", tender_id=tender_id), code=303)
    return _page(current, found, form, Form(), 200 if form.ok else 422)


@bp.post("/partner/tenders/<uuid:tender_id>/award")
def award_confirm(tender_id):
    current = organization()
    found = tenders.delivered(current["id"], tender_id)
    award_form = Form(request.form)
    if award_form["provider_products_only"] != "1":
        award_form.message = rules.sentence("PA13", _)
        award_form.error("provider_products_only", _("Tick this box to confirm."))
    else:
        try:
            link = tenders.confirm_award(current["id"], tender_id, True)
        except NotFound:  # links.py finds the visitor's organization by its legal representative's email
            award_form.message = _("No organization has this email as its legal representative yet: ask the "
                                   "poster to create an account with it, then confirm again.")
        except DomainError as error:
            fail(award_form, error, {"provider_products_only": "provider_products_only"})
        else:
            flash(_("The link request was sent to the client."), "success")
            return redirect(url_for("partner.clients_detail", link_id=link["id"]), code=303)
    return _page(current, found, Form(), award_form, 422)
