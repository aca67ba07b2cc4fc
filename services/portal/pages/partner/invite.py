"""PA4, PA5, PA8, PX1: adding a client: inviting an existing organization through its legal
representative's email, or creating a new client organization whose legal representative
gets a sign-up invitation; with the access requested (limited: products with technical and/or
statistics rights; full: optionally billing entrusted), who pays, an optional end date and
automatic extension. The client's legal representative approves or declines."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from services.common.errors import DomainError
from services.common.i18n import LANGUAGE_NAMES
from services.common.web_pages import current_language

from ...apis import partner
from ...forms import Form
from ...labels import KINDS
from . import bp
from .common import end_instant, fail, fresh_key, key, organization, render

CURRENCIES = ("CHF", "EUR")
NEW = "client.new_organization."
FIELDS = {"client.email": "email", "client": "email", NEW + "name": "name", NEW + "kind": "kind",
          NEW + "currency": "currency", NEW + "legal_representative.email": "rep_email",
          NEW + "legal_representative.first_name": "rep_first_name",
          NEW + "legal_representative.last_name": "rep_last_name",
          NEW + "legal_representative.language": "rep_language", "scope.scope": "scope", "scope": "scope",
          "scope.products": "product_ids", "scope.billing": "billing", "payer": "payer", "ends_at": "ends_at",
          "auto_extend": "auto_extend"}


def _client(form):
    if form["client"] == "new":
        return {"new_organization": {"name": form["name"].strip(), "kind": form["kind"], "currency": form["currency"],
                                     "legal_representative": {"email": form["rep_email"].strip(),
                                                              "first_name": form["rep_first_name"].strip(),
                                                              "last_name": form["rep_last_name"].strip(),
                                                              "language": form["rep_language"]}}}
    return {"email": form["email"].strip()}


def _scope(form):
    if form["scope"] == "full":
        return {"scope": "full", "products": None, "billing": form.get("billing") == "1"}
    rights = {"technical": form.get("technical") == "1", "statistics": form.get("statistics") == "1"}
    ids = [line.strip() for line in form["product_ids"].replace(",", "\n").splitlines() if line.strip()]
    return {"scope": "limited", "products": {product_id: rights for product_id in ids}, "billing": False}


def _request(form):
    """The API's request from the form (ValueError for an end date that is not a date)."""
    body = {"client": _client(form), "scope": _scope(form), "payer": form["payer"],
            "auto_extend": form.get("auto_extend") == "1"}
    if form["ends_at"].strip():
        body["ends_at"] = end_instant(form["ends_at"])
    return body


def _page(form, status=200):
    return render("invite.html", status, form=form, kinds=[(code, _(label)) for code, label in KINDS.items()],
                  currencies=[(code, code) for code in CURRENCIES], mail_languages=list(LANGUAGE_NAMES.items()))


@bp.route("/partner/clients/new", methods=["GET", "POST"])
def clients_new():
    current = organization()
    if request.method == "GET":  # defaults only for the empty form: an unticked box is absent from a POST
        return _page(Form(idempotency_key=fresh_key(), client="email", kind="company", scope="limited",
                          currency=current.get("currency") or "CHF", rep_language=current_language(),
                          technical="1", payer="client"))
    form = Form(request.form)
    try:
        body = _request(form)
    except ValueError:
        return _page(form.error("ends_at", _("Enter a date such as 2026-12-31.")), 422)
    try:
        link = partner.request_link(current["id"], body, key(form))
    except DomainError as error:
        return _page(fail(form, error, FIELDS), 422)
    flash(_("The request was sent to %(name)s: its legal representative approves or declines it.",
            name=link.get("client_name") or ""), "success")
    return redirect(url_for(".clients_detail", link_id=link["id"]), code=303)
